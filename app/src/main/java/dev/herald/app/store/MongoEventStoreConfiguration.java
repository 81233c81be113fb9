package dev.herald.app.store;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Profile {@code mongo}: events in MongoDB through axon-mongo. MongoDB acknowledges a write once it is journaled
 * (the driver's default write concern on a replica set), so commands need no extra wait.
 */
@Configuration(proxyBeanMethods = false)
@Profile("mongo")
public class MongoEventStoreConfiguration {

    @Bean
    CommandStorage commandStorage() {
        return new CommandStorage(NoTransactionManager.INSTANCE, CommitDurability.IMMEDIATE);
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoTemplate axonMongoTemplate,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer) {
        return MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .build();
    }
}

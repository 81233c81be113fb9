package dev.herald.app.axon;

import dev.herald.saga.delivery.DeliverySaga;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * On the cluster profiles deadlines live in the shared MongoDB beside the sagas that set them, so that none leaves
 * with a node that goes ({@link MongoDeadlineManager}). A delivery saga's deadlines fire on the node that handles the
 * saga's events, whichever that is at the time ({@link SagaSegmentAffinity}). The default profile keeps its own
 * ({@link DeadlineConfiguration}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("mongo | axon-server")
@EnableConfigurationProperties(DeadlineProperties.class)
public class MongoDeadlineConfiguration {

    @Bean
    MongoDeadlineManager deadlineManager(MongoDatabaseFactory mongoDatabaseFactory, Configuration axonConfiguration,
                                         @Qualifier("eventSerializer") Serializer eventSerializer,
                                         TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory,
                                         DeadlineProperties properties) {
        // The JVM's name (pid@host) tells an operator where a claim is; the suffix keeps two contexts in one JVM apart.
        String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        return new MongoDeadlineManager(
                mongoDatabaseFactory.getMongoDatabase().getCollection(MongoDeadlineManager.COLLECTION),
                new SagaSegmentAffinity(axonConfiguration, List.of(DeliverySaga.class)),
                new ConfigurationScopeAwareProvider(axonConfiguration), eventSerializer, transactionManager,
                spanFactory, properties.settings(), node, Clock.systemUTC());
    }

    @Bean
    SmartLifecycle mongoDeadlineManagerLifecycle(MongoDeadlineManager deadlineManager) {
        return new DeadlinePolling(deadlineManager::start, deadlineManager::shutdown);
    }
}

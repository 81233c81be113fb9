package dev.herald.app.store;

import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The {@code mongo} health component. Spring Boot's own indicator sends {@code hello}, which the embedded
 * MongoDB-wire server does not implement; {@code ping} is answered by it and by every MongoDB. Replaces Boot's
 * indicator by taking its bean name.
 */
@Configuration(proxyBeanMethods = false)
public class MongoHealthConfiguration {

    @Bean
    HealthIndicator mongoHealthIndicator(MongoTemplate mongo,
                                         ObjectProvider<de.bwaldvogel.mongo.MongoServer> embedded) {
        String kind = embedded.getIfAvailable() != null ? "embedded (mongo-java-server)" : "external";
        return () -> {
            try {
                Document answer = mongo.executeCommand(new Document("ping", 1));
                return Health.up()
                        .withDetail("server", kind)
                        .withDetail("database", mongo.getDb().getName())
                        .withDetail("ping", answer.get("ok"))
                        .build();
            } catch (RuntimeException e) {
                return Health.down(e).withDetail("server", kind).build();
            }
        };
    }
}

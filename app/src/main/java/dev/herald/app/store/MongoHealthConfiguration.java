package dev.herald.app.store;

import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The {@code mongo} health component on the profiles that use MongoDB. Spring Boot's own indicator sends
 * {@code hello}, which mongo-java-server (the tests' MongoDB) does not implement; {@code ping} is answered by it and
 * by every MongoDB. Replaces Boot's indicator by taking its bean name.
 */
@Configuration(proxyBeanMethods = false)
@Profile("mongo | axon-server")
public class MongoHealthConfiguration {

    @Bean
    HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return () -> {
            try {
                Document answer = mongo.executeCommand(new Document("ping", 1));
                return Health.up()
                        .withDetail("server", "external")
                        .withDetail("database", mongo.getDb().getName())
                        .withDetail("ping", answer.get("ok"))
                        .build();
            } catch (RuntimeException e) {
                return Health.down(e).withDetail("server", "external").build();
            }
        };
    }
}

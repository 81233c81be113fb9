package dev.herald.axonserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Profile {@code mongo} against a real MongoDB replica set. Skipped where Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class MongoProfileContainerIT {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    @TempDir
    Path dataDir;

    @Test
    void eventsAndReadModelsLiveInTheRealMongo() throws Exception {
        String[] profile = {"--spring.profiles.active=mongo",
            "--spring.data.mongodb.uri=" + MONGO.getReplicaSetUrl("herald")};
        try (HeraldNode node = new HeraldNode(dataDir, profile)) {
            node.asAdmin("PUT", "/api/v1/recipients/ivan", Map.of("email", "ivan@example.com"));
            node.asAdmin("POST", "/api/v1/notifications", Map.of("recipientId", "ivan", "category", "news",
                    "channels", List.of("IN_APP"), "title", "hello", "body", "b"));
            String token = node.asAdmin("POST", "/api/v1/recipient-tokens", Map.of("recipientId", "ivan"))
                    .get("token").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    node.call("GET", "/api/v1/me/unread-count", "Bearer " + token, null).get("unread").asLong())
                    .isEqualTo(1));
        }
        assertThat(dataDir.resolve("events.db")).doesNotExist();
    }
}

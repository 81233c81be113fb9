package dev.herald.axonserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Profile {@code axon-server} against a real Axon Server and a real MongoDB: two Herald nodes share the work;
 * sends to either node land in one event store and one set of read models. Skipped where Docker is absent.
 */
@Testcontainers(disabledWithoutDocker = true)
class AxonServerClusterIT {

    @Container
    static final GenericContainer<?> AXON_SERVER = new GenericContainer<>("axoniq/axonserver:2024.2.3")
            .withEnv("AXONIQ_AXONSERVER_STANDALONE", "true")
            .withExposedPorts(8024, 8124)
            .waitingFor(Wait.forHttp("/actuator/health").forPort(8024).forStatusCode(200));

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    @TempDir
    Path nodeOne;
    @TempDir
    Path nodeTwo;

    @Test
    void twoNodesShareOneEventStoreAndOneInbox() throws Exception {
        String[] cluster = {
            "--spring.profiles.active=axon-server",
            "--axon.axonserver.servers=" + AXON_SERVER.getHost() + ":" + AXON_SERVER.getMappedPort(8124),
            "--spring.data.mongodb.uri=" + MONGO.getReplicaSetUrl("herald"),
        };
        try (HeraldNode first = new HeraldNode(nodeOne, cluster);
             HeraldNode second = new HeraldNode(nodeTwo, cluster)) {
            first.asAdmin("PUT", "/api/v1/recipients/hana", Map.of("email", "hana@example.com"));
            for (int i = 0; i < 10; i++) {
                HeraldNode node = i % 2 == 0 ? first : second;
                node.asAdmin("POST", "/api/v1/notifications", Map.of("recipientId", "hana", "category", "news",
                        "channels", List.of("IN_APP"), "title", "item " + i, "body", "b"));
            }
            String token = second.asAdmin("POST", "/api/v1/recipient-tokens", Map.of("recipientId", "hana"))
                    .get("token").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (HeraldNode node : List.of(first, second)) {
                    var counts = node.call("GET", "/api/v1/me/unread-count", "Bearer " + token, null);
                    assertThat(counts.get("total").asLong()).isEqualTo(10);
                    assertThat(counts.get("unread").asLong()).isEqualTo(10);
                }
            });
        }
    }
}

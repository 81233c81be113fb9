package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Idempotency-Key contract: one notification per (sender, key), whatever arrives and however fast. */
class IdempotencyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static Api api;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir);
        api = herald.api();
        api.putRecipient("bob");
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void sameKeyAndBodyReturnsTheFirstNotification() {
        Map<String, Object> notification = Api.inAppNotification("bob", "once only");
        long before = herald.storedEvents("NotificationSentEvent");

        JsonNode first = api.send(notification, "order-1001").expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode second = api.send(notification, "order-1001").expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(second.get("notificationId")).isEqualTo(first.get("notificationId"));
        assertThat(herald.storedEvents("NotificationSentEvent")).isEqualTo(before + 1);
    }

    @Test
    void sameKeyWithAnotherBodyIsUnprocessable() {
        api.send(Api.inAppNotification("bob", "original"), "order-2002").expectStatus().isAccepted();
        long before = herald.storedEvents("NotificationSentEvent");

        api.send(Api.inAppNotification("bob", "changed"), "order-2002")
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(herald.storedEvents("NotificationSentEvent")).isEqualTo(before);
    }

    @Test
    void keysAreScopedToTheSender() {
        String otherSenderKey = issueSendKey("other-sender");
        Map<String, Object> notification = Api.inAppNotification("bob", "same key, two senders");
        String mine = api.send(notification, "shared-key").expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
        String theirs = herald.http.post().uri("/api/v1/notifications")
                .header("Authorization", Api.apiKey(otherSenderKey)).header("Idempotency-Key", "shared-key")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(notification)
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
        assertThat(theirs).isNotEqualTo(mine);
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyMakeExactlyOneNotification() throws Exception {
        long before = herald.storedEvents("NotificationSentEvent");
        byte[] body = JSON.writeValueAsBytes(Api.inAppNotification("bob", "stampede"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return client.send(HttpRequest.newBuilder(URI.create(herald.baseUrl() + "/api/v1/notifications"))
                            .header("Authorization", Api.apiKey(RunningHerald.ADMIN_KEY))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "stampede-1")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();

        Set<String> ids = new HashSet<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 202) {
                ids.add(JSON.readTree(response.body()).get("notificationId").asText());
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
                assertThat(JSON.readTree(response.body()).get("code").asText())
                        .isIn("IDEMPOTENCY_KEY_IN_FLIGHT", "CONCURRENT_MODIFICATION");
            }
        }
        assertThat(statuses.get(202)).as("statuses %s", statuses).isPositive();
        assertThat(ids).hasSize(1);
        assertThat(herald.storedEvents("NotificationSentEvent")).isEqualTo(before + 1);
    }

    private static String issueSendKey(String senderId) {
        return herald.http.post().uri("/api/v1/admin/api-keys")
                .header("Authorization", Api.apiKey(RunningHerald.ADMIN_KEY))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", senderId, "scopes", List.of("send")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("apiKey").asText();
    }
}

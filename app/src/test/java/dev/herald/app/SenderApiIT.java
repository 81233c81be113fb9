package dev.herald.app;

import static dev.herald.app.Api.apiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The sender API end to end on the embedded stores: the happy path, then every kind of bad input. */
class SenderApiIT {

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static Api api;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir);
        api = herald.api();
        api.putRecipient("alice", Map.of("email", "alice@example.com", "phone", "+15550100"));
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void sentNotificationReachesTheRecipientsInboxAndCounts() {
        String token = api.token("alice");
        long unreadBefore = api.unreadCount(token).get("unread").asLong();
        String id = api.sendAccepted(Api.inAppNotification("alice", "Your invoice is ready"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.unreadCount(token).get("unread").asLong()).isEqualTo(unreadBefore + 1));
        JsonNode newest = api.inbox(token, 1, null).get("items").get(0);
        assertThat(newest.get("id").asText()).isEqualTo(id);
        assertThat(newest.get("title").asText()).isEqualTo("Your invoice is ready");
        assertThat(newest.get("category").asText()).isEqualTo("billing");
        assertThat(newest.get("read").asBoolean()).isFalse();
        assertThat(newest.hasNonNull("createdAt")).isTrue();

        api.markRead(token, id).expectStatus().is2xxSuccessful();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.unreadCount(token).get("unread").asLong()).isEqualTo(unreadBefore));
    }

    @Test
    void acceptedSendAnswersWithItsLocationAndStatus() {
        herald.http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Api.inAppNotification("alice", "located"))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().value(HttpHeaders.LOCATION, location ->
                        assertThat(location).startsWith("/api/v1/notifications/"))
                .expectBody()
                .jsonPath("$.notificationId").isNotEmpty()
                .jsonPath("$.status").isEqualTo("ACCEPTED");
    }

    @Test
    void senderSeesRequestedAndSkippedChannels() {
        Map<String, Object> notification = new HashMap<>(Api.inAppNotification("alice", "multi"));
        notification.put("channels", List.of("IN_APP", "EMAIL", "WEBHOOK"));
        String id = api.sendAccepted(notification);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.status(id, RunningHerald.ADMIN_KEY)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.notificationId").isEqualTo(id)
                .jsonPath("$.requestedChannels.length()").isEqualTo(3)
                .jsonPath("$.skippedChannels.WEBHOOK").isEqualTo("NO_CONTACT_POINT"));
    }

    @Test
    void malformedJsonIsRefusedAndNamed() {
        expectRefused(raw("{\"recipientId\": \"alice\", "), 400, detail -> assertThat(detail).contains("JSON"));
    }

    @Test
    void unknownChannelIsRefusedAndNamed() {
        expectRefused(with("channels", List.of("FAX")), 400, detail -> assertThat(detail).contains("FAX"));
    }

    @Test
    void emptyChannelListIsRefused() {
        expectRefused(with("channels", List.of()), 400, detail -> assertThat(detail).contains("channels"));
    }

    @Test
    void missingRecipientIsRefused() {
        Map<String, Object> notification = new HashMap<>(Api.inAppNotification("alice", "x"));
        notification.remove("recipientId");
        expectRefused(json(notification), 400, detail -> assertThat(detail).contains("recipientId"));
    }

    @Test
    void unknownRecipientIsNotFound() {
        expectRefused(with("recipientId", "nobody-by-that-name"), 404,
                detail -> assertThat(detail).contains("nobody-by-that-name"));
    }

    @Test
    void bodyOverTheLimitIsRefused() {
        expectRefused(with("body", "x".repeat(10_001)), 400, detail -> assertThat(detail).contains("body"));
    }

    @Test
    void requestLargerThanTheEndpointAcceptsIsRefused() {
        expectRefused(with("body", "x".repeat(100_000)), 413, detail -> assertThat(detail).isNotBlank());
    }

    @Test
    void sendTimeInThePastIsRefused() {
        expectRefused(with("sendAt", Instant.now().minus(Duration.ofHours(1)).toString()), 400,
                detail -> assertThat(detail).contains("sendAt"));
    }

    @Test
    void unknownFieldIsRefusedAndNamed() {
        expectRefused(with("chanels", List.of("EMAIL")), 400, detail -> assertThat(detail).contains("chanels"));
    }

    @Test
    void wrongTypeIsRefusedAndNamed() {
        expectRefused(with("title", Map.of("nested", true)), 400, detail -> assertThat(detail).contains("title"));
    }

    @Test
    void badOrMissingKeyCannotSend() {
        long before = herald.storedEvents("NotificationSentEvent");
        for (String authorization : new String[] {null, "ApiKey hk_not_a_real_key", "Bearer abc", "ApiKey "}) {
            var request = herald.http.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON);
            if (authorization != null) {
                request = request.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            request.bodyValue(Api.inAppNotification("alice", "should not be sent")).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        }
        assertThat(herald.storedEvents("NotificationSentEvent")).isEqualTo(before);
    }

    @Test
    void unknownRouteIsAProblemNotAStackTrace() {
        herald.http.get().uri("/api/v1/nothing-here")
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void healthReportsTheStores() {
        herald.http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.mongo").doesNotExist()
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.db.components.readModelDataSource.status").isEqualTo("UP");
    }

    @Test
    void prometheusEndpointServesMetrics() {
        herald.http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> notification = new HashMap<>(Api.inAppNotification("alice", "bad input"));
        notification.put(field, value);
        return notification;
    }

    private static Object json(Map<String, Object> body) {
        return body;
    }

    private static Object raw(String body) {
        return body;
    }

    private static void expectRefused(Object body, int status, Consumer<String> detail) {
        long before = herald.storedEvents("NotificationSentEvent");
        WebTestClient.ResponseSpec response = herald.http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
        JsonNode problem = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem).isNotNull();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.hasNonNull("code")).isTrue();
        detail.accept(problem.get("detail").asText());
        assertThat(problem.toString()).doesNotContain("Exception").doesNotContain("at dev.herald");
        assertThat(herald.storedEvents("NotificationSentEvent")).as("nothing is written for refused input")
                .isEqualTo(before);
    }
}

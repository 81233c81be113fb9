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
    void recipientsImportedInOneCallAreEachAnsweredInOrderAndABadOneFailsAlone() {
        long registeredBefore = herald.storedEvents("RecipientRegisteredEvent");
        long changedBefore = herald.storedEvents("RecipientContactPointsChangedEvent");
        Map<String, Object> badEmail = new HashMap<>(Map.of("recipientId", "bulk-2", "email", "not-an-address"));
        List<Map<String, Object>> recipients = List.of(
                Map.of("recipientId", "bulk-1", "email", "bulk-1@example.com", "locale", "de-CH"),
                Map.of("recipientId", "alice", "email", "alice@example.com", "phone", "+15550100"),
                badEmail,
                Map.of("recipientId", "bulk/3", "email", "bulk-3@example.com"),
                Map.of("recipientId", "bulk-4", "phone", "+15550104"));

        JsonNode answer = putRecipients(Map.of("recipients", recipients)).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(answer.get("created").asInt()).isEqualTo(2);
        assertThat(answer.get("updated").asInt()).isEqualTo(1);
        assertThat(answer.get("failed").asInt()).isEqualTo(2);
        JsonNode results = answer.get("results");
        assertThat(results).hasSize(5);
        assertThat(results.findValuesAsText("recipientId"))
                .containsExactly("bulk-1", "alice", "bulk-2", "bulk/3", "bulk-4");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(0).get("created").asBoolean()).isTrue();
        assertThat(results.get(1).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(1).get("created").asBoolean()).isFalse();
        assertThat(results.get(4).get("status").asInt()).isEqualTo(201);
        for (int bad : List.of(2, 3)) {
            JsonNode problem = results.get(bad).get("problem");
            assertThat(results.get(bad).get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(problem.get("type").asText()).isEqualTo("https://herald.dev/problems/invalid-request");
            assertThat(problem.toString()).doesNotContain("Exception");
        }
        assertThat(results.get(2).get("problem").get("detail").asText()).startsWith("email:");
        assertThat(results.get(3).get("problem").get("detail").asText()).startsWith("recipientId:");

        assertThat(herald.storedEvents("RecipientRegisteredEvent")).as("bulk-1 and bulk-4, nothing else")
                .isEqualTo(registeredBefore + 2);
        // Stored as the one-by-one call stores them: the same contact points again change nothing.
        Map.of("bulk-1", Map.of("email", "bulk-1@example.com", "locale", "de-CH"), "bulk-4",
               Map.of("phone", "+15550104")).forEach((id, contacts) -> herald.http.put()
                .uri("/api/v1/recipients/{id}", id).header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(contacts).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.created").isEqualTo(false));
        assertThat(herald.storedEvents("RecipientContactPointsChangedEvent")).as("contact points changed")
                .isEqualTo(changedBefore);
    }

    @Test
    void aBatchOfRecipientsOfTheWrongShapeIsRefusedWholeAndStoresNothing() {
        long before = herald.storedEvents();
        List<Map<String, Object>> tooMany = java.util.stream.IntStream.range(0, 1_001)
                .mapToObj(i -> Map.<String, Object>of("recipientId", "many-" + i)).toList();
        List<Map<String, Object>> twice = List.of(Map.of("recipientId", "twice", "locale", "en"),
                Map.of("recipientId", "other"), Map.of("recipientId", "twice", "locale", "fr"));
        Map<Object, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(Map.of(), "recipients: must list 1 to 1000");
        refusals.put(Map.of("recipients", List.of()), "recipients: must list 1 to 1000");
        refusals.put(Map.of("recipients", tooMany),
                     "recipients: must list at most 1000 recipients a call, listed 1001");
        refusals.put(Map.of("recipients", twice), "recipients[2].recipientId: 'twice' is listed twice");
        refusals.put("{\"recipients\":[{\"recipientId\":\"x\"},null]}", "recipients[1]: must be an object");
        refusals.put("{\"recipients\":[{\"recipientId\":\"x\",\"fax\":\"1\"}]}", "unknown field 'fax'");
        refusals.forEach((body, detail) -> {
            JsonNode problem = putRecipients(body).expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(problem.get("detail").asText()).as("the answer to %s", body).startsWith(detail);
        });
        assertThat(herald.storedEvents()).as("nothing is written for a refused batch").isEqualTo(before);
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
                    .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close")
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

    private static WebTestClient.ResponseSpec putRecipients(Object body) {
        return herald.http.put().uri("/api/v1/recipients")
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
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

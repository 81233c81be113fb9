package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.AggregateIds;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.throttle.ThrottlePassedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Throttles and quiet hours on a real Herald (default profile): concurrent sends for one recipient and key never let
 * more than the limit through, decided against the event store and answered 202 either way; quiet hours are set over
 * both APIs and hold an email, which the status shows.
 */
class FlowControlIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDS = 40;
    private static final int LIMIT = 5;

    @TempDir
    static Path dataDir;
    static RunningHerald herald;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir);
        herald.api().putRecipient("tara");
        herald.api().putRecipient("quinn");
        herald.api().putRecipient("gwen");
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    private static Map<String, Object> throttled(String key, String title) {
        return Map.of("recipientId", "tara", "category", "marketing", "channels", List.of("IN_APP"),
                      "title", title, "throttle", Map.of("key", key, "limit", LIMIT, "window", "PT1H"));
    }

    @Test
    void concurrentSendsForOneRecipientAndKeyNeverPassMoreThanTheLimitAndOtherKeysKeepTheirOwn() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            calls.add(client.sendAsync(post(throttled("marketing", "offer " + i)), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(JSON.readTree(response.body()).get("notificationId").asText());
        }

        EventStore events = herald.bean(EventStore.class);
        Set<String> passedBySends = new HashSet<>();
        int throttledSends = 0;
        for (String id : ids) {
            NotificationSentEvent sent = (NotificationSentEvent) events.readEvents(id).next().getPayload();
            if (sent.skippedChannels().isEmpty()) {
                passedBySends.add(id);
            } else {
                assertThat(sent.skippedChannels()).containsOnly(Map.entry(dev.herald.api.Channel.IN_APP,
                                                                          SkipReason.THROTTLED));
                throttledSends++;
            }
        }
        Set<String> passedByThrottle = new HashSet<>();
        var stream = events.readEvents(AggregateIds.throttle("tara", "marketing"));
        while (stream.hasNext()) {
            DomainEventMessage<?> pass = stream.next();
            passedByThrottle.add(((ThrottlePassedEvent) pass.getPayload()).notificationId());
        }
        assertThat(passedBySends).as("sends that passed").hasSize(LIMIT);
        assertThat(throttledSends).isEqualTo(SENDS - LIMIT);
        assertThat(passedByThrottle).as("the throttle's passes are exactly the sends that passed")
                .isEqualTo(passedBySends);

        for (String id : passedBySends) {
            assertThat(globalIndexOf(id, "NotificationSentEvent") - globalIndexOf(id, "ThrottlePassedEvent"))
                    .as("the pass is appended just before its send, in the same unit of work").isEqualTo(1);
        }

        String otherKey = herald.api().sendAccepted(throttled("billing", "an invoice"));
        NotificationSentEvent sent = (NotificationSentEvent) events.readEvents(otherKey).next().getPayload();
        assertThat(sent.skippedChannels()).as("another key has its own limit").isEmpty();

        String throttledId = ids.stream().filter(id -> !passedBySends.contains(id)).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = herald.api().status(throttledId, RunningHerald.ADMIN_KEY).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(status.get("skippedChannels").get("IN_APP").asText()).isEqualTo("THROTTLED");
        });
    }

    @Test
    void aBadThrottleIsAProblemNamingTheField() {
        Map<String, Object> request = Map.of("recipientId", "tara", "category", "marketing", "channels",
                                             List.of("IN_APP"), "title", "x",
                                             "throttle", Map.of("key", "marketing", "limit", 0, "window", "PT1H"));
        JsonNode problem = herald.api().send(request, null).expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(problem.get("detail").asText()).startsWith("throttle.limit: must be 1 to 10000");
    }

    @Test
    void quietHoursSetByTheRecipientHoldAnEmailAndTheStatusShowsUntilWhen() {
        String token = herald.api().token("quinn");
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> preferences = Map.of("timeZone", "UTC", "quietHours", Map.of(
                "start", now.minusHours(1).toString(), "end", now.plusHours(2).toString()));
        JsonNode recorded = herald.http.put().uri("/api/v1/me/preferences")
                .header(HttpHeaders.AUTHORIZATION, Api.bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(preferences).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(recorded.get("timeZone").asText()).isEqualTo("UTC");
        JsonNode asTheSenderSeesThem = herald.http.get().uri("/api/v1/recipients/quinn/preferences")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(asTheSenderSeesThem).isEqualTo(recorded);

        String id = herald.api().sendAccepted(Map.of("recipientId", "quinn", "category", "news",
                                                     "channels", List.of("EMAIL", "IN_APP"), "title", "Digest"));
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = herald.api().status(id, RunningHerald.ADMIN_KEY).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            JsonNode email = channel(status, "EMAIL");
            assertThat(email.get("status").asText()).isEqualTo("PENDING");
            assertThat(email.get("heldUntil").isTextual()).as("held: %s", email).isTrue();
            assertThat(Instant.parse(email.get("heldUntil").asText())).isBetween(end.minus(Duration.ofMinutes(1)),
                                                                                  end.plus(Duration.ofMinutes(1)));
            assertThat(channel(status, "IN_APP").get("status").asText()).isEqualTo("DELIVERED");
        });
    }

    @Test
    void badPreferencesAreProblemsNamingTheField() {
        String token = herald.api().token("quinn");
        assertProblem(token, Map.of("timeZone", "Mars/Olympus"), "timeZone: must be a time zone id");
        assertProblem(token, Map.of("quietHours", Map.of("start", "22:00", "end", "22:00")),
                      "quietHours.end: must differ from quietHours.start");
        assertProblem(token, Map.of("quietHours", Map.of("start", "10pm", "end", "07:00")),
                      "quietHours.start: must be a time of day");
        herald.http.get().uri("/api/v1/recipients/nobody/preferences")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY)).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("RECIPIENT_NOT_FOUND");
    }

    @Test
    void preferencesOverGraphQlAreTheSameAsOverRest() {
        String token = herald.api().token("gwen");
        JsonNode set = graphQl(token, "mutation { setPreferences(timeZone: \"Asia/Tokyo\", quietHours: "
                + "{start: \"22:00\", end: \"07:00\"}) { recipientId timeZone quietHours { start end } } }");
        assertThat(set.path("errors").isMissingNode()).as("%s", set).isTrue();
        JsonNode overRest = herald.http.get().uri("/api/v1/me/preferences")
                .header(HttpHeaders.AUTHORIZATION, Api.bearer(token)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(set.path("data").path("setPreferences")).isEqualTo(overRest);
        assertThat(overRest.get("quietHours").get("start").asText()).isEqualTo("22:00:00");
        JsonNode read = graphQl(token, "{ preferences { recipientId timeZone quietHours { start end } } }");
        assertThat(read.path("data").path("preferences")).isEqualTo(overRest);

        JsonNode none = graphQl(token, "mutation { setPreferences(quietHours: null) { timeZone quietHours { start } } }");
        assertThat(none.path("data").path("setPreferences").get("quietHours").isNull()).isTrue();
        assertThat(none.path("data").path("setPreferences").get("timeZone").asText()).isEqualTo("Asia/Tokyo");

        JsonNode refused = graphQl(token, "mutation { setPreferences(timeZone: \"Mars/Olympus\") { timeZone } }");
        JsonNode error = refused.path("errors").path(0);
        assertThat(error.path("extensions").path("code").asText()).as("%s", refused).isEqualTo("INVALID_REQUEST");
        assertThat(error.path("message").asText()).startsWith("timeZone: must be a time zone id");
    }

    private static JsonNode graphQl(String token, String document) {
        return herald.http.post().uri("/graphql").header(HttpHeaders.AUTHORIZATION, Api.bearer(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", document))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static void assertProblem(String token, Map<String, Object> body, String detail) {
        JsonNode problem = herald.http.put().uri("/api/v1/me/preferences")
                .header(HttpHeaders.AUTHORIZATION, Api.bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(problem.get("detail").asText()).startsWith(detail);
    }

    /** Where an event of this notification (its send, or the throttle's pass for it) sits in the event store. */
    private static long globalIndexOf(String notificationId, String payloadType) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("events.db"));
             var query = connection.prepareStatement("SELECT globalIndex FROM DomainEventEntry WHERE payloadType"
                     + " LIKE ? AND (aggregateIdentifier = ? OR (aggregateIdentifier = ? AND CAST(payload AS TEXT)"
                     + " LIKE ?))")) {
            query.setString(1, "%" + payloadType);
            query.setString(2, notificationId);
            query.setString(3, AggregateIds.throttle("tara", "marketing"));
            query.setString(4, "%" + notificationId + "%");
            try (var result = query.executeQuery()) {
                assertThat(result.next()).as("%s of %s", payloadType, notificationId).isTrue();
                return result.getLong(1);
            }
        }
    }

    private static JsonNode channel(JsonNode status, String channel) {
        for (JsonNode each : status.get("channels")) {
            if (each.get("channel").asText().equals(channel)) {
                return each;
            }
        }
        throw new AssertionError("no channel " + channel + " in " + status);
    }

    private static HttpRequest post(Map<String, Object> body) throws Exception {
        return HttpRequest.newBuilder(URI.create(herald.baseUrl() + "/api/v1/notifications"))
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }
}

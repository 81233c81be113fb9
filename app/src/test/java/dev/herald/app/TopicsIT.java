package dev.herald.app;

import static dev.herald.app.Api.apiKey;
import static dev.herald.app.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Topics end to end on the embedded stores: subscribe, page, send to topics (with title and body, or a template
 * rendered per recipient), follow the broadcast, leave.
 */
class TopicsIT {

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static Api api;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir, "--herald.broadcasts.poll-interval=200ms");
        api = herald.api();
        for (String recipient : List.of("alice", "bob", "carol", "erin")) {
            api.putRecipient(recipient, Map.of("locale", "en"));
        }
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void aSendToTopicsReachesEverySubscriberOnceButTheActorAndCountsTheUnknown() {
        subscribers(HttpMethod.PUT, "launch", List.of("alice", "bob", "dave")).expectStatus().isNoContent();
        subscribers(HttpMethod.PUT, "launch-beta", List.of("bob", "carol")).expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                page("launch", null, 10).get("recipientIds")).hasSize(3));

        WebTestClient.ResponseSpec accepted = api.send(Map.of("topics", List.of("launch", "launch-beta"),
                "actor", "alice", "category", "releases", "channels", List.of("IN_APP"),
                "title", "We launched"), "launch-1");
        JsonNode body = accepted.expectStatus().isAccepted().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        String broadcastId = body.get("broadcastId").asText();
        assertThat(body.get("status").asText()).isEqualTo("RUNNING");

        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> broadcast(broadcastId),
                status -> "DONE".equals(status.get("status").asText()));
        assertThat(done.get("targeted").asLong()).isEqualTo(4);
        assertThat(done.get("created").asLong()).isEqualTo(2);
        assertThat(done.get("skipped").asLong()).isEqualTo(2);
        assertThat(done.get("skippedBy").get("ACTOR").asLong()).isEqualTo(1);
        assertThat(done.get("skippedBy").get("RECIPIENT_NOT_FOUND").asLong()).isEqualTo(1);
        assertThat(done.hasNonNull("completedAt")).isTrue();

        for (String recipient : List.of("bob", "carol")) {
            String token = api.token(recipient);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(titles(token))
                    .as(recipient).containsExactly("We launched"));
        }
        assertThat(titles(api.token("alice"))).as("the actor").isEmpty();

        JsonNode repeat = api.send(Map.of("topics", List.of("launch-beta", "launch"), "actor", "alice",
                "category", "releases", "channels", List.of("IN_APP"), "title", "We launched"), "launch-1")
                .expectStatus().isAccepted().expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(repeat.get("broadcastId").asText()).isEqualTo(broadcastId);
    }

    @Test
    void aTemplatedSendToTopicsRendersForEachRecipientInItsLocaleWithThePinnedVersion() {
        api.putRecipient("greta", Map.of("locale", "de-CH"));
        api.putRecipient("henry", Map.of("locale", "en"));
        saveTemplate("launch-note", Map.of("defaultLocale", "en", "locales", Map.of(
                "en", inApp("{{product}} is out", "Read what is new"),
                "de", inApp("{{product}} ist da", "Lies, was neu ist")))).expectStatus().isCreated();
        saveTemplate("launch-note", Map.of("defaultLocale", "en", "locales", Map.of(
                "en", inApp("{{product}} launched", "Hello from {{product}}"),
                "de", inApp("{{product}} ist erschienen", "Hallo von {{product}}")))).expectStatus().isOk();
        subscribers(HttpMethod.PUT, "launch-notes", List.of("greta", "henry")).expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                page("launch-notes", null, 10).get("recipientIds")).hasSize(2));

        api.send(Map.of("topic", "launch-notes", "category", "releases", "channels", List.of("IN_APP"),
                        "template", "launch-note", "data", Map.of("name", "Herald")), "launch-note-1")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("TEMPLATE_VARIABLE_MISSING")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("the data has no variable 'product'"));
        // Nothing was stored under the key: the corrected request is a first request, not a reused key.
        String broadcastId = api.send(Map.of("topic", "launch-notes", "category", "releases",
                                             "channels", List.of("IN_APP"), "template", "launch-note",
                                             "data", Map.of("product", "Herald")), "launch-note-1")
                .expectStatus().isAccepted().expectHeader().doesNotExist("Idempotent-Replayed")
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("broadcastId").asText();

        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> broadcast(broadcastId),
                status -> "DONE".equals(status.get("status").asText()));
        assertThat(done.get("created").asLong()).isEqualTo(2);
        assertThat(done.get("skippedBy").get("TEMPLATE_RENDERING_FAILED").asLong()).isZero();

        Map<String, List<String>> expected = Map.of(
                "greta", List.of("Herald ist erschienen", "Hallo von Herald", "de"),
                "henry", List.of("Herald launched", "Hello from Herald", "en"));
        expected.forEach((recipient, want) -> {
            String token = api.token(recipient);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode items = api.inbox(token, 50, null).get("items");
                assertThat(items).as(recipient).hasSize(1);
                JsonNode item = items.get(0);
                assertThat(item.get("title").asText()).isEqualTo(want.get(0));
                assertThat(item.get("body").asText()).isEqualTo(want.get(1));
                assertThat(item.get("template").get("key").asText()).isEqualTo("launch-note");
                assertThat(item.get("template").get("version").asInt()).isEqualTo(2);
                assertThat(item.get("template").get("locale").asText()).isEqualTo(want.get(2));
            });
        });
    }

    @Test
    void aRecipientWhoseTranslationCannotBeRenderedIsSkippedWithItsReason() {
        api.putRecipient("ida", Map.of("locale", "de"));
        api.putRecipient("jon", Map.of("locale", "en"));
        saveTemplate("maintenance", Map.of("defaultLocale", "en", "locales", Map.of(
                "en", inApp("Maintenance at {{time}}", ""),
                "de", inApp("Wartung um {{time}} in {{region}}", "")))).expectStatus().isCreated();
        subscribers(HttpMethod.PUT, "maintenance-window", List.of("ida", "jon")).expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                page("maintenance-window", null, 10).get("recipientIds")).hasSize(2));

        String broadcastId = api.send(Map.of("topic", "maintenance-window", "category", "ops",
                                             "channels", List.of("IN_APP"), "template", "maintenance",
                                             "data", Map.of("time", "22:00")), null)
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("broadcastId").asText();

        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> broadcast(broadcastId),
                status -> "DONE".equals(status.get("status").asText()));
        assertThat(done.get("targeted").asLong()).isEqualTo(2);
        assertThat(done.get("created").asLong()).isEqualTo(1);
        assertThat(done.get("skippedBy").get("TEMPLATE_RENDERING_FAILED").asLong()).isEqualTo(1);
        String jon = api.token("jon");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(titles(jon))
                .containsExactly("Maintenance at 22:00"));
        assertThat(titles(api.token("ida"))).isEmpty();
    }

    @Test
    void subscribersArePagedInRecipientIdOrderAndRemovable() {
        List<String> many = IntStream.range(0, 1_000).mapToObj(i -> String.format("m%04d", i)).toList();
        subscribers(HttpMethod.PUT, "digest", many).expectStatus().isNoContent();
        subscribers(HttpMethod.PUT, "digest", List.of("a-first")).expectStatus().isNoContent();
        subscribers(HttpMethod.DELETE, "digest", List.of("m0000", "m0999", "never")).expectStatus().isNoContent();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> all = new ArrayList<>();
            String after = null;
            do {
                JsonNode page = page("digest", after, 400);
                page.get("recipientIds").forEach(id -> all.add(id.asText()));
                after = page.hasNonNull("next") ? page.get("next").asText() : null;
            } while (after != null);
            List<String> expected = new ArrayList<>(List.of("a-first"));
            expected.addAll(many.subList(1, 999));
            assertThat(all).isEqualTo(expected);
        });
    }

    @Test
    void aRecipientListsAndLeavesItsOwnTopics() {
        subscribers(HttpMethod.PUT, "weekly", List.of("erin")).expectStatus().isNoContent();
        subscribers(HttpMethod.PUT, "alerts", List.of("erin")).expectStatus().isNoContent();
        String token = api.token("erin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(myTopics(token))
                .containsExactly("alerts", "weekly"));

        herald.http.delete().uri("/api/v1/me/topics/weekly").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange().expectStatus().isNoContent();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(myTopics(token))
                .containsExactly("alerts"));
        herald.http.get().uri("/api/v1/me/topics").header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void badTopicRequestsAreProblemsNamingTheField() {
        List<String> tooMany = IntStream.range(0, 1_001).mapToObj(i -> "r" + i).toList();
        problem(subscribers(HttpMethod.PUT, "news", tooMany), 400, "recipientIds");
        problem(subscribers(HttpMethod.PUT, "no spaces", List.of("bob")), 400, "topic");
        problem(subscribers(HttpMethod.PUT, "news", List.of("bad id")), 400, "recipientIds");
        problem(api.send(Map.of("recipientId", "bob", "topic", "news", "category", "c", "channels", List.of("IN_APP"),
                                "title", "t"), null), 400, "recipientId");
        problem(api.send(Map.of("topic", "news", "topics", List.of("news"), "category", "c",
                                "channels", List.of("IN_APP"), "title", "t"), null), 400, "topics");
        problem(api.send(Map.of("recipientId", "bob", "actor", "alice", "category", "c",
                                "channels", List.of("IN_APP"), "title", "t"), null), 400, "actor");
        problem(herald.http.get().uri("/api/v1/topics/news/subscribers?limit=5000")
                        .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY)).exchange(), 400, "limit");
        problem(herald.http.get().uri("/api/v1/broadcasts/nope")
                        .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY)).exchange(), 404, null);
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String field) {
        JsonNode problem = response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        if (field != null) {
            assertThat(problem.get("detail").asText()).startsWith(field + ":");
        }
    }

    private static WebTestClient.ResponseSpec saveTemplate(String key, Map<String, Object> template) {
        return herald.http.put().uri("/api/v1/templates/{key}", key)
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(template).exchange();
    }

    private static Map<String, Object> inApp(String title, String body) {
        return Map.of("inApp", Map.of("title", title, "body", body));
    }

    private static WebTestClient.ResponseSpec subscribers(HttpMethod method, String topic, List<String> ids) {
        return herald.http.method(method).uri("/api/v1/topics/{topic}/subscribers", topic)
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientIds", ids)).exchange();
    }

    private static JsonNode page(String topic, String after, int limit) {
        return herald.http.get().uri(builder -> {
                    builder.path("/api/v1/topics/{topic}/subscribers").queryParam("limit", limit);
                    if (after != null) {
                        builder.queryParam("after", after);
                    }
                    return builder.build(topic);
                })
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode broadcast(String broadcastId) {
        return herald.http.get().uri("/api/v1/broadcasts/{id}", broadcastId)
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> myTopics(String token) {
        JsonNode body = herald.http.get().uri("/api/v1/me/topics").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> topics = new ArrayList<>();
        body.get("topics").forEach(topic -> topics.add(topic.asText()));
        return topics;
    }

    private static List<String> titles(String token) {
        List<String> titles = new ArrayList<>();
        api.inbox(token, 50, null).get("items").forEach(item -> titles.add(item.get("title").asText()));
        return titles;
    }
}

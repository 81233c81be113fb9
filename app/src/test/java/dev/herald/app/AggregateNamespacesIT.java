package dev.herald.app;

import static dev.herald.app.Api.apiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A template, a topic and recipients that share one name live in one event store without meeting: each aggregate
 * type has its own identifiers (see {@code dev.herald.api.AggregateIds}). Before, the second of them to be used was
 * answered 500 because its events landed in the other's stream.
 */
class AggregateNamespacesIT {

    private static final String NAME = "maintenance";

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static Api api;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir, "--herald.broadcasts.poll-interval=200ms");
        api = herald.api();
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void aTemplateATopicAndRecipientsOfOneNameCoexist() {
        authorized(herald.http.put().uri("/api/v1/templates/{key}", NAME))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("defaultLocale", "en", "locales", Map.of(
                        "en", Map.of("inApp", Map.of("title", "Maintenance at {{time}}", "body", "")))))
                .exchange().expectStatus().isCreated();
        authorized(herald.http.put().uri("/api/v1/topics/{topic}/subscribers", NAME))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientIds", List.of(NAME, "template:" + NAME, "topic:" + NAME)))
                .exchange().expectStatus().isNoContent();
        // Recipient ids may contain ':', so these would have met a 'template:<key>' or 'topic:<key>' prefix.
        for (String recipient : List.of(NAME, "template:" + NAME, "topic:" + NAME)) {
            api.putRecipient(recipient, Map.of("locale", "en"));
        }

        String broadcastId = api.send(Map.of("topic", NAME, "category", "ops", "channels", List.of("IN_APP"),
                                             "template", NAME, "data", Map.of("time", "22:00")), "maintenance-1")
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("broadcastId").asText();
        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> authorized(
                        herald.http.get().uri("/api/v1/broadcasts/{id}", broadcastId)).exchange()
                        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody(),
                status -> "DONE".equals(status.get("status").asText()));
        assertThat(done.get("created").asLong()).isEqualTo(3);

        api.send(Map.of("recipientId", NAME, "category", "ops", "channels", List.of("IN_APP"),
                        "template", NAME, "data", Map.of("time", "23:00")), "maintenance-2")
                .expectStatus().isAccepted();
        String token = api.token(NAME);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.inbox(token, 50, null).get("items").findValuesAsText("title"))
                .containsExactlyInAnyOrder("Maintenance at 22:00", "Maintenance at 23:00"));

        authorized(herald.http.get().uri("/api/v1/templates/{key}", NAME)).exchange().expectStatus().isOk();
    }

    @Test
    void aMissingTemplateIsNamedByItsKeyNotItsStoreIdentifier() {
        authorized(herald.http.delete().uri("/api/v1/templates/nothing-here")).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TEMPLATE_NOT_FOUND")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("'nothing-here'").doesNotContain("template/"));
    }

    private static <S extends WebTestClient.RequestHeadersSpec<?>> S authorized(S request) {
        request.header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY));
        return request;
    }
}

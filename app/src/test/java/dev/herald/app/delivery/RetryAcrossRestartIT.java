package dev.herald.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.app.HeraldApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Herald stops while a retry is pending (the provider asked for it with Retry-After); after a restart on the same
 * data directory the retry happens exactly once and the channel ends delivered.
 */
class RetryAcrossRestartIT {

    static final String ADMIN_KEY = "hk_restart_test_bootstrap_admin_key";

    @TempDir
    Path dataDir;

    @Test
    void pendingRetrySurvivesARestartAndHappensOnce() throws Exception {
        try (LocalProvider provider = new LocalProvider()) {
            provider.answerNext("/sms", new LocalProvider.Answer(503, 3));
            String id;
            try (ConfigurableApplicationContext herald = start(provider)) {
                WebTestClient http = client(herald);
                http.put().uri("/api/v1/recipients/emil").header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", "+15550111"))
                        .exchange().expectStatus().is2xxSuccessful();
                id = http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("recipientId", "emil", "category", "alerts", "channels", List.of("SMS"),
                                "title", "Disk almost full", "body", "92%"))
                        .exchange().expectStatus().isAccepted()
                        .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(status(http, id).get("channels").get(0).get("status").asText())
                                .isEqualTo("RETRYING"));
                assertThat(provider.at("/sms")).hasSize(1);
            }

            try (ConfigurableApplicationContext herald = start(provider)) {
                WebTestClient http = client(herald);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(status(http, id).get("channels").get(0).get("status").asText())
                                .isEqualTo("DELIVERED"));
                JsonNode sms = status(http, id).get("channels").get(0);
                assertThat(sms.get("attempts")).hasSize(2);
                assertThat(provider.at("/sms")).hasSize(2)
                        .extracting(call -> call.header("Idempotency-Key")).containsOnly(id + ":SMS");
            }
        }
    }

    private ConfigurableApplicationContext start(LocalProvider provider) {
        return new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0",
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.sms.url=" + provider.url("/sms"),
                "--herald.delivery.retry.first-delay=200ms");
    }

    private static WebTestClient client(ConfigurableApplicationContext herald) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + herald.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static JsonNode status(WebTestClient http, String id) {
        return http.get().uri("/api/v1/notifications/{id}", id).header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}

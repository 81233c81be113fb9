package dev.herald.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.herald.app.HeraldApplication;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The webhook receiver is down (503) for a while and then recovers: email keeps flowing during the outage, and
 * every webhook is delivered after the recovery, each notification's webhook received under one idempotency key.
 */
class ProviderOutageIT {

    static final String ADMIN_KEY = "hk_outage_test_bootstrap_admin_key";
    static final int NOTIFICATIONS = 20;

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @TempDir
    Path dataDir;

    @Test
    void webhooksCatchUpAfterTheOutageWhileEmailCarriesOn() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Set<String> deliveredKeys = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = down.get() ? 503 : 200;
            if (status == 200) {
                deliveredKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try (ConfigurableApplicationContext herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0", "--herald.data-dir=" + dataDir, "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.webhook.signing-secret=outage-test-secret",
                "--herald.delivery.retry.first-delay=300ms", "--herald.delivery.retry.max-delay=1s",
                "--herald.delivery.retry.max-attempts=60", "--herald.delivery.retry.deadline=5m",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + SMTP.getSmtp().getPort())) {
            WebTestClient http = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + herald.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(30)).build();
            http.put().uri("/api/v1/recipients/olga").header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "olga@example.com",
                            "webhookUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))
                    .exchange().expectStatus().is2xxSuccessful();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < NOTIFICATIONS; i++) {
                ids.add(http.post().uri("/api/v1/notifications")
                        .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("recipientId", "olga", "category", "ops", "channels",
                                List.of("EMAIL", "WEBHOOK"), "title", "event " + i, "body", "b"))
                        .exchange().expectStatus().isAccepted()
                        .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText());
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(SMTP.getReceivedMessages()).hasSize(NOTIFICATIONS));
            for (String id : ids) {
                JsonNode status = status(http, id);
                assertThat(channel(status, "WEBHOOK").get("status").asText()).isIn("PENDING", "RETRYING");
            }

            down.set(false);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String id : ids) {
                    assertThat(channel(status(http, id), "WEBHOOK").get("status").asText()).isEqualTo("DELIVERED");
                }
            });
            assertThat(deliveredKeys).containsExactlyInAnyOrderElementsOf(
                    ids.stream().map(id -> id + ":WEBHOOK").toList());
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode status(WebTestClient http, String id) {
        return http.get().uri("/api/v1/notifications/{id}", id).header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode channel(JsonNode status, String name) {
        for (JsonNode channel : status.get("channels")) {
            if (channel.get("channel").asText().equals(name)) {
                return channel;
            }
        }
        throw new AssertionError("no channel " + name);
    }
}

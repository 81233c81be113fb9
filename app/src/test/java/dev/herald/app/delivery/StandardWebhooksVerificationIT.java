package dev.herald.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import dev.herald.app.HeraldApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Herald's webhooks verify with an independent Standard Webhooks implementation (Svix's Java library), signed with the
 * configured secret, then with a sender's own secret, with both during a rotation, and with the new one alone once
 * the old one is retired.
 */
class StandardWebhooksVerificationIT {

    private static final String ADMIN_KEY = "hk_webhooks_test_bootstrap_admin_key";
    private static final String CONFIGURED_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String HOOK = "/hooks/acme";

    @TempDir
    static Path dataDir;
    static LocalProvider receiver;
    static ConfigurableApplicationContext herald;
    static WebTestClient http;
    static String senderKey;

    @BeforeAll
    static void start() throws IOException {
        receiver = new LocalProvider();
        int port = freePort();
        herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.webhook.signing-secret=" + CONFIGURED_SECRET,
                "--herald.delivery.retry.first-delay=200ms",
                "--herald.delivery.retry.max-delay=500ms");
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        senderKey = http.post().uri("/api/v1/admin/api-keys").header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", "acme", "scopes", List.of("send")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("apiKey").asText();
        http.put().uri("/api/v1/recipients/hook-owner").header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("webhookUrl", receiver.url(HOOK)))
                .exchange().expectStatus().is2xxSuccessful();
    }

    @AfterAll
    static void stop() {
        herald.close();
        receiver.close();
    }

    @Test
    void webhooksVerifyWithSvixThroughASecretRotation() throws Exception {
        LocalProvider.Received configured = deliver("Signed with the configured secret");
        new Webhook(CONFIGURED_SECRET).verify(configured.body(), headersOf(configured));

        String first = createSecret();
        receiver.answerNext(HOOK, new LocalProvider.Answer(503, null));
        String retriedId = send("Signed with the sender's own secret");
        List<LocalProvider.Received> tries = await().atMost(Duration.ofSeconds(60))
                .until(() -> receivedFor(retriedId), received -> received.size() >= 2);
        for (LocalProvider.Received attempt : tries) {
            new Webhook(first).verify(attempt.body(), headersOf(attempt));
            assertThat(attempt.header("webhook-id")).isEqualTo(retriedId + ":WEBHOOK");
        }
        assertRejected(CONFIGURED_SECRET, tries.get(1));

        String second = createSecret();
        LocalProvider.Received duringRotation = deliver("Signed with both during the rotation");
        assertThat(duringRotation.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(first).verify(duringRotation.body(), headersOf(duringRotation));
        new Webhook(second).verify(duringRotation.body(), headersOf(duringRotation));

        http.post().uri("/api/v1/webhook-secrets").header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        JsonNode secrets = listSecrets();
        assertThat(secrets).hasSize(2);
        assertThat(secrets.get(0).has("secret")).isFalse();
        String firstId = secrets.get(1).get("secretId").asText();
        http.delete().uri("/api/v1/webhook-secrets/{id}", firstId)
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .exchange().expectStatus().isNoContent();
        assertThat(listSecrets().get(1).get("retiredAt").isNull()).isFalse();

        LocalProvider.Received afterRotation = deliver("Signed with the new secret alone");
        new Webhook(second).verify(afterRotation.body(), headersOf(afterRotation));
        assertRejected(first, afterRotation);
        assertThat(afterRotation.header("Herald-Signature")).isNull();
    }

    @Test
    void aSenderCannotRetireAnotherSendersSecret() {
        http.delete().uri("/api/v1/webhook-secrets/{id}", "wsk_not_yours")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/webhook-secrets").exchange().expectStatus().isUnauthorized();
    }

    private static void assertRejected(String secret, LocalProvider.Received webhook) {
        assertThatThrownBy(() -> new Webhook(secret).verify(webhook.body(), headersOf(webhook)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    private static String createSecret() {
        JsonNode created = http.post().uri("/api/v1/webhook-secrets")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(created.get("secretId").asText()).startsWith("wsk_");
        return created.get("secret").asText();
    }

    private static JsonNode listSecrets() {
        return http.get().uri("/api/v1/webhook-secrets").header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Sends a webhook notification and returns what the receiver got for it. */
    private static LocalProvider.Received deliver(String title) {
        String id = send(title);
        return await().atMost(Duration.ofSeconds(60)).until(() -> receivedFor(id), received -> !received.isEmpty())
                .get(0);
    }

    private static String send(String title) {
        return http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, "ApiKey " + senderKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientId", "hook-owner", "category", "billing", "channels", List.of("WEBHOOK"),
                                  "title", title, "body", "details"))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
    }

    private static List<LocalProvider.Received> receivedFor(String notificationId) {
        return receiver.at(HOOK).stream()
                .filter(received -> (notificationId + ":WEBHOOK").equals(received.header("webhook-id")))
                .toList();
    }

    private static Map<String, List<String>> headersOf(LocalProvider.Received webhook) {
        Map<String, List<String>> headers = new HashMap<>();
        webhook.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return headers;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package dev.herald.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.app.HeraldApplication;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Delivery end to end: a real Herald sends real email to GreenMail's SMTP server, posts signed webhooks and SMS to a
 * real local HTTP server, retries what fails, and records every outcome.
 */
class DeliveryIT {

    static final String ADMIN_KEY = "hk_delivery_test_bootstrap_admin_key";
    static final String WEBHOOK_SECRET = "whsec-delivery-test-secret";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @TempDir
    static Path dataDir;
    static LocalProvider provider;
    static ConfigurableApplicationContext herald;
    static WebTestClient http;
    static String baseUrl;

    @BeforeAll
    static void start() throws IOException {
        provider = new LocalProvider();
        int port = freePort();
        baseUrl = "http://localhost:" + port;
        herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.public-base-url=" + baseUrl,
                "--herald.delivery.webhook.signing-secret=" + WEBHOOK_SECRET,
                "--herald.delivery.sms.url=" + provider.url("/sms"),
                "--herald.delivery.sms.token=sms-token",
                "--herald.delivery.retry.first-delay=200ms",
                "--herald.delivery.retry.max-delay=500ms",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + SMTP.getSmtp().getPort());
        http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
        put("/api/v1/recipients/dora", Map.of("email", "dora@example.com", "phone", "+15550199",
                "webhookUrl", provider.url("/hooks/dora")));
    }

    @AfterAll
    static void stop() {
        herald.close();
        provider.close();
    }

    @Test
    void everyChannelEndsDeliveredAndTheFlakyProviderAfterThreeAttempts() throws Exception {
        provider.answerNext("/sms", new LocalProvider.Answer(503, null), new LocalProvider.Answer(503, null));
        String id = send(Map.of("recipientId", "dora", "category", "billing",
                "channels", List.of("EMAIL", "WEBHOOK", "SMS", "IN_APP"), "title", "Invoice ready", "body", "42.00 EUR",
                "data", Map.of("invoice", "I-1")));

        JsonNode status = awaitFinal(id);
        assertThat(channel(status, "EMAIL").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(channel(status, "WEBHOOK").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(channel(status, "IN_APP").get("status").asText()).isEqualTo("DELIVERED");
        JsonNode sms = channel(status, "SMS");
        assertThat(sms.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(sms.get("attempts")).hasSize(3);
        assertThat(sms.get("attempts").get(0).get("error").asText()).contains("503");
        // herald.delivery.sms.url configures the channel's single provider, named "default"
        assertThat(sms.get("attempts").get(0).get("provider").asText()).isEqualTo("default");
        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");

        List<LocalProvider.Received> smsCalls = provider.at("/sms");
        assertThat(smsCalls).hasSize(3);
        assertThat(smsCalls).extracting(call -> call.header("Idempotency-Key")).containsOnly(id + ":SMS");
        assertThat(smsCalls.get(0).header("Authorization")).isEqualTo("Bearer sms-token");

        MimeMessage email = emailTo("dora@example.com", "Invoice ready");
        assertThat(email.getHeader("List-Unsubscribe")[0]).startsWith("<" + baseUrl + "/api/v1/unsubscribe?token=");
        assertThat(email.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(email)).contains("42.00 EUR");

        LocalProvider.Received webhook = provider.at("/hooks/dora").get(0);
        assertThat(webhook.header("Idempotency-Key")).isEqualTo(id + ":WEBHOOK");
        assertThat(webhook.body()).contains(id).contains("Invoice ready");
        assertSignedByHerald(webhook);

        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics).containsPattern(
                        "herald_delivery_attempts_total\\{[^}]*channel=\"sms\"[^}]*outcome=\"retried\""));
    }

    @Test
    void oneClickUnsubscribeFromAnEmailSkipsEmailOnTheNextSend() throws Exception {
        String first = send(Map.of("recipientId", "dora", "category", "digest", "channels", List.of("EMAIL"),
                "title", "Weekly digest", "body", "news"));
        assertThat(channel(awaitFinal(first), "EMAIL").get("status").asText()).isEqualTo("DELIVERED");
        String header = emailTo("dora@example.com", "Weekly digest").getHeader("List-Unsubscribe")[0];
        String link = header.substring(1, header.indexOf('>'));

        http.post().uri(java.net.URI.create(link))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange().expectStatus().isOk();

        String second = send(Map.of("recipientId", "dora", "category", "digest",
                "channels", List.of("EMAIL", "WEBHOOK"), "title", "Weekly digest 2", "body", "more news"));
        JsonNode status = awaitFinal(second);
        assertThat(status.get("skippedChannels").get("EMAIL").asText()).isEqualTo("OPTED_OUT");
        assertThat(channel(status, "WEBHOOK").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(List.of(SMTP.getReceivedMessagesForDomain("dora@example.com")))
                .noneMatch(message -> subject(message).equals("Weekly digest 2"));
    }

    @Test
    void forgedUnsubscribeLinkIsRefused() {
        http.post().uri("/api/v1/unsubscribe?token=forged.token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange().expectStatus().isBadRequest();
    }

    /** Svix's Standard Webhooks verifier; a secret without the whsec_ prefix keys with its UTF-8 bytes. */
    private static void assertSignedByHerald(LocalProvider.Received webhook) throws Exception {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(webhook.header(name)));
        }
        new com.svix.Webhook(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8)).verify(webhook.body(), headers);
        assertThat(webhook.header("Herald-Signature")).isNull();
    }

    private static MimeMessage emailTo(String address, String subject) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(
                        SMTP.getReceivedMessagesForDomain(address))
                        .filter(message -> subject(message).equals(subject)).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode awaitFinal(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> http.get().uri("/api/v1/notifications/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                        .exchange().expectBody(JsonNode.class).returnResult().getResponseBody(),
                status -> status != null && status.has("channels") && java.util.stream.StreamSupport
                        .stream(status.get("channels").spliterator(), false)
                        .allMatch(channel -> List.of("DELIVERED", "FAILED", "SKIPPED", "CANCELLED")
                                .contains(channel.get("status").asText())));
    }

    static JsonNode channel(JsonNode status, String name) {
        for (JsonNode channel : status.get("channels")) {
            if (channel.get("channel").asText().equals(name)) {
                return channel;
            }
        }
        throw new AssertionError("no channel " + name + " in " + status);
    }

    static String send(Map<String, Object> notification) {
        return http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(notification)
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
    }

    static void put(String path, Object body) {
        http.put().uri(path).header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().is2xxSuccessful();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.herald.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.app.HeraldApplication;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Failover between two SMTP relays, end to end: the primary refuses every connection (nothing listens on its port),
 * so its circuit breaker opens, every email is delivered through the secondary, each attempt names its relay and the
 * breaker's state shows on {@code /actuator/health}; once the primary listens again, new sends go to it.
 */
class SmtpFailoverIT {

    private static final String ADMIN_KEY = "hk_failover_test_bootstrap_admin_key";
    private static final int EMAILS = 6;

    @TempDir
    static Path dataDir;
    static int primaryPort;
    static GreenMail secondary;
    static GreenMail primary;
    static ConfigurableApplicationContext herald;
    static WebTestClient http;

    @BeforeAll
    static void start() throws IOException {
        primaryPort = freePort();
        secondary = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        secondary.start();
        int port = freePort();
        herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.email.providers[0].name=primary",
                "--herald.delivery.email.providers[0].host=127.0.0.1",
                "--herald.delivery.email.providers[0].port=" + primaryPort,
                "--herald.delivery.email.providers[1].name=secondary",
                "--herald.delivery.email.providers[1].host=127.0.0.1",
                "--herald.delivery.email.providers[1].port=" + secondary.getSmtp().getPort(),
                "--herald.delivery.circuit-breaker.sliding-window-size=4",
                "--herald.delivery.circuit-breaker.minimum-number-of-calls=2",
                "--herald.delivery.circuit-breaker.wait-duration-in-open-state=1s",
                "--herald.delivery.retry.first-delay=200ms",
                "--herald.delivery.retry.max-delay=500ms");
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < EMAILS; i++) {
            http.put().uri("/api/v1/recipients/reader-{i}", i).header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "reader-" + i + "@example.com"))
                    .exchange().expectStatus().is2xxSuccessful();
        }
    }

    @AfterAll
    static void stop() {
        herald.close();
        secondary.stop();
        if (primary != null) {
            primary.stop();
        }
    }

    @Test
    void emailFailsOverToTheSecondaryRelayAndReturnsToThePrimaryOnceItIsBack() throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < EMAILS; i++) {
            sent.add(send("reader-" + i, "Outage notice " + i));
        }

        for (String id : sent) {
            JsonNode email = emailChannel(awaitFinal(id));
            assertThat(email.get("status").asText()).isEqualTo("DELIVERED");
            List<JsonNode> attempts = list(email.get("attempts"));
            assertThat(attempts.get(attempts.size() - 1).get("provider").asText()).isEqualTo("secondary");
            assertThat(attempts).allSatisfy(attempt -> {
                assertThat(attempt.get("provider").asText()).isIn("primary", "secondary");
                if (attempt.get("provider").asText().equals("primary")) {
                    assertThat(attempt.get("error").asText()).contains("SMTP");
                }
            });
        }
        assertThat(Arrays.stream(secondary.getReceivedMessages()).map(SmtpFailoverIT::subject).distinct())
                .hasSize(EMAILS);
        JsonNode health = health();
        assertThat(health.at("/components/providers/status").asText()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/providers/details/email/primary/state").asText()).isEqualTo("OPEN");
        assertThat(health.at("/components/providers/details/email/secondary/state").asText()).isEqualTo("CLOSED");

        primary = new GreenMail(new ServerSetup(primaryPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        primary.start();

        int[] probe = {0};
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String id = send("reader-0", "Back to normal " + probe[0]++);
            return lastProvider(emailChannel(awaitFinal(id))).equals("primary");
        });
        for (int i = 0; i < 3; i++) {
            String id = send("reader-" + i, "After recovery " + i);
            JsonNode email = emailChannel(awaitFinal(id));
            assertThat(email.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(list(email.get("attempts"))).singleElement()
                    .satisfies(attempt -> assertThat(attempt.get("provider").asText()).isEqualTo("primary"));
        }
        assertThat(Arrays.stream(primary.getReceivedMessages()).map(SmtpFailoverIT::subject))
                .contains("After recovery 0", "After recovery 1", "After recovery 2");
        health = health();
        assertThat(health.at("/components/providers/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/providers/details/email/primary/state").asText()).isEqualTo("CLOSED");
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).containsPattern(
                "resilience4j_circuitbreaker_state\\{[^}]*name=\"email.primary\"[^}]*state=\"closed\"[^}]*} 1.0");
    }

    private static String send(String recipientId, String title) {
        return http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientId", recipientId, "category", "ops", "channels", List.of("EMAIL"),
                                  "title", title, "body", "details"))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
    }

    private static JsonNode awaitFinal(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                () -> http.get().uri("/api/v1/notifications/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                        .exchange().expectBody(JsonNode.class).returnResult().getResponseBody(),
                status -> status != null && status.has("channels")
                        && List.of("DELIVERED", "FAILED").contains(emailChannel(status).get("status").asText()));
    }

    private static JsonNode health() {
        return http.get().uri("/actuator/health").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode emailChannel(JsonNode status) {
        return list(status.get("channels")).stream().filter(channel -> channel.get("channel").asText().equals("EMAIL"))
                .findFirst().orElseThrow();
    }

    private static String lastProvider(JsonNode channel) {
        List<JsonNode> attempts = list(channel.get("attempts"));
        return attempts.get(attempts.size() - 1).get("provider").asText();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

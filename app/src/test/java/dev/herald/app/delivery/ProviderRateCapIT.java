package dev.herald.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.app.HeraldApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Provider send rates end to end: a real Herald sends SMS and push to a real local HTTP provider whose send rates are
 * capped. The provider never receives more than the cap in any sliding window, every send is delivered at its first
 * attempt (waiting for room is not a failure), and a HIGH send made behind a backlog reaches the provider before the
 * backlog has drained.
 */
class ProviderRateCapIT {

    private static final String ADMIN_KEY = "hk_rate_cap_test_bootstrap_admin_key";
    private static final int SMS_PER_SECOND = 10;
    private static final int PUSH_PER_SECOND = 5;

    @TempDir
    static Path dataDir;
    static LocalProvider provider;
    static ConfigurableApplicationContext herald;
    static WebTestClient http;

    @BeforeAll
    static void start() throws IOException {
        provider = new LocalProvider();
        int port = freePort();
        herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.sms.url=" + provider.url("/sms"),
                "--herald.delivery.sms.token=sms-token",
                "--herald.delivery.sms.rate.limit=" + SMS_PER_SECOND,
                "--herald.delivery.push.providers[0].name=fcm",
                "--herald.delivery.push.providers[0].url=" + provider.url("/push"),
                "--herald.delivery.push.providers[0].rate.limit=" + PUSH_PER_SECOND);
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        http.put().uri("/api/v1/recipients/rita").header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", "+15550123", "pushTokens", List.of("rita-phone")))
                .exchange().expectStatus().is2xxSuccessful();
    }

    @AfterAll
    static void stop() {
        herald.close();
        provider.close();
    }

    @Test
    void anSmsProviderCappedAtTenASecondNeverSeesMoreInAnySecondAndEverySendIsDelivered() {
        List<String> ids = sendAll(IntStream.range(0, 200).mapToObj(i -> "SMS " + i).toList(), "SMS", "NORMAL");

        await().atMost(Duration.ofSeconds(90)).until(() -> provider.at("/sms").size() >= ids.size());

        List<Long> arrivals = provider.at("/sms").stream().map(LocalProvider.Received::arrivedNanos).sorted()
                .toList();
        assertThat(arrivals).hasSize(ids.size());
        for (int i = 0; i + SMS_PER_SECOND < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i + SMS_PER_SECOND) - arrivals.get(i)))
                    .as("arrivals %d to %d span a second or more, so no one-second window holds 11", i,
                        i + SMS_PER_SECOND)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        for (String id : ids) {
            JsonNode sms = awaitFinal(id, "SMS");
            assertThat(sms.get("status").asText()).as("SMS of %s", id).isEqualTo("DELIVERED");
            assertThat(sms.get("attempts")).as("attempts of %s", id).hasSize(1);
        }
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).as("one timed wait per attempt: none was retried").containsPattern(
                "herald_delivery_rate_wait_seconds_count\\{[^}]*channel=\"sms\"[^}]*} " + ids.size() + "(\\.0)?\n");
        assertThat(metrics).containsPattern("herald_delivery_rate_waiting\\{[^}]*channel=\"sms\"[^}]*} 0.0");
    }

    @Test
    void aHighSendMadeBehindABacklogAtTheCapReachesTheProviderBeforeTheBacklogHasDrained() {
        List<String> normal = sendAll(IntStream.range(0, 40).mapToObj(i -> "Push " + i).toList(), "PUSH", "NORMAL");
        String high = sendAll(List.of("Urgent push"), "PUSH", "HIGH").get(0);
        int backlog = normal.size() - provider.at("/push").size();

        await().atMost(Duration.ofSeconds(60)).until(() -> pushed().contains(high));

        List<String> order = pushed();
        int normalsAfterHigh = normal.size() - order.indexOf(high);
        assertThat(backlog).as("NORMAL pushes not yet at the provider when the HIGH one was accepted")
                .isGreaterThanOrEqualTo(20);
        assertThat(normalsAfterHigh).as("NORMAL pushes, all sent before the HIGH one, that had not arrived before it")
                .isGreaterThanOrEqualTo(backlog - 2 * PUSH_PER_SECOND);
    }

    /** The notifications the push provider received, in the order it received them. */
    private static List<String> pushed() {
        return provider.at("/push").stream()
                .sorted(Comparator.comparingLong(LocalProvider.Received::arrivedNanos))
                .map(received -> received.header("Idempotency-Key").replace(":PUSH", ""))
                .toList();
    }

    /** Sends them at once, eight at a time, and answers their ids in the order given. */
    private static List<String> sendAll(List<String> titles, String channel, String priority) {
        return Flux.fromIterable(titles)
                .flatMapSequential(title -> Mono.fromCallable(() -> send(title, channel, priority))
                        .subscribeOn(Schedulers.boundedElastic()), 8)
                .collectList().block(Duration.ofSeconds(60));
    }

    private static String send(String title, String channel, String priority) {
        return http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientId", "rita", "category", "alerts", "priority", priority,
                                  "channels", List.of(channel), "title", title))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
    }

    private static JsonNode awaitFinal(String id, String channel) {
        return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(
                () -> channelOf(http.get().uri("/api/v1/notifications/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                        .exchange().expectBody(JsonNode.class).returnResult().getResponseBody(), channel),
                status -> status != null && List.of("DELIVERED", "FAILED").contains(status.get("status").asText()));
    }

    private static JsonNode channelOf(JsonNode status, String channel) {
        if (status == null || !status.has("channels")) {
            return null;
        }
        return StreamSupport.stream(status.get("channels").spliterator(), false)
                .filter(node -> node.get("channel").asText().equals(channel)).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

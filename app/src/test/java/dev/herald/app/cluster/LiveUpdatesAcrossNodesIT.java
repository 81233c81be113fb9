package dev.herald.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.app.HeraldApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * Two Herald nodes on the {@code mongo} profile, sharing one MongoDB-wire server on a TCP port: a recipient's
 * streams on both nodes show every notification sent to one of them, live, in order and once. Whichever node's
 * inbox processor projects them (one node may hold every segment), the other node's stream can only have them from
 * the live update feed, so both streams together prove it.
 */
class LiveUpdatesAcrossNodesIT {

    private static final String ADMIN_KEY = "hk_cluster_test_bootstrap_admin_key";
    private static final String JWT_SECRET = "cluster-test-jwt-secret-of-at-least-32-bytes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDS = 50;

    @TempDir
    Path dataDirs;

    private MongoServer mongo;
    private Node a;
    private Node b;

    @BeforeEach
    void startCluster() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/herald";
        a = new Node(dataDirs.resolve("a"), uri);
        b = new Node(dataDirs.resolve("b"), uri);
    }

    @AfterEach
    void stopCluster() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        mongo.shutdownNow();
    }

    @Test
    void aStreamOnEitherNodeShowsEverySendAcceptedOnOneOfThemLiveInOrderAndOnce() {
        a.putRecipient("rita");
        String token = a.token("rita");
        Stream onA = a.stream(token);
        Stream onB = b.stream(token);
        await().atMost(Duration.ofSeconds(30)).until(() -> onA.connected() && onB.connected());

        List<String> sent = new ArrayList<>();
        List<Long> acceptedAt = new ArrayList<>();
        for (int i = 1; i <= SENDS; i++) {
            sent.add(a.send(Map.of("recipientId", "rita", "category", "billing", "channels", List.of("IN_APP"),
                                   "title", "Invoice " + i, "body", "Invoice " + i + " is ready")));
            acceptedAt.add(System.nanoTime());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> onA.notifications().size() >= SENDS
                                                          && onB.notifications().size() >= SENDS);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(
                () -> onA.notifications().size() == SENDS && onB.notifications().size() == SENDS);
        onA.close();
        onB.close();
        for (Stream stream : List.of(onA, onB)) {
            assertThat(stream.notifications()).extracting(Arrival::position)
                    .containsExactlyElementsOf(positions());
            assertThat(stream.notifications()).extracting(Arrival::notificationId).containsExactlyElementsOf(sent);
        }
        double viaFeed = a.meter("herald.live.feed.received") + b.meter("herald.live.feed.received");
        assertThat(viaFeed).as("updates one node read from the other's feed entries").isGreaterThanOrEqualTo(SENDS);

        List<Long> betweenNodes = new ArrayList<>();
        List<Long> acceptedToB = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            long onNodeA = onA.notifications().get(i).at();
            long onNodeB = onB.notifications().get(i).at();
            betweenNodes.add(Math.abs(onNodeA - onNodeB));
            acceptedToB.add(onNodeB - acceptedAt.get(i));
        }
        System.out.printf("live updates across nodes: feed delay p50 %d ms, p99 %d ms; 202 on A to stream on B "
                          + "p50 %d ms, p99 %d ms; updates read from the feed: A %.0f, B %.0f%n",
                          millis(percentile(betweenNodes, 50)), millis(percentile(betweenNodes, 99)),
                          millis(percentile(acceptedToB, 50)), millis(percentile(acceptedToB, 99)),
                          a.meter("herald.live.feed.received"), b.meter("herald.live.feed.received"));
    }

    private static List<Long> positions() {
        List<Long> positions = new ArrayList<>();
        for (long p = 1; p <= SENDS; p++) {
            positions.add(p);
        }
        return positions;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    /** A notification as a stream delivered it, and when (System.nanoTime). */
    private record Arrival(long position, String notificationId, long at) {
    }

    /** One recipient's SSE stream over real HTTP. */
    private static final class Stream implements AutoCloseable {

        private final Queue<ServerSentEvent<String>> events = new ConcurrentLinkedQueue<>();
        private final Queue<Arrival> notifications = new ConcurrentLinkedQueue<>();
        private final Disposable connection;

        Stream(String baseUrl, String token) {
            connection = WebClient.create(baseUrl).get().uri("/api/v1/me/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                    })
                    .subscribe(this::received, failed -> { });
        }

        private void received(ServerSentEvent<String> event) {
            long at = System.nanoTime();
            events.add(event);
            if ("notification".equals(event.event())) {
                try {
                    notifications.add(new Arrival(Long.parseLong(event.id()),
                                                  JSON.readTree(event.data()).get("id").asText(), at));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        boolean connected() {
            return events.stream().anyMatch(event -> "connected".equals(event.event()));
        }

        List<Arrival> notifications() {
            return List.copyOf(notifications);
        }

        @Override
        public void close() {
            connection.dispose();
        }
    }

    /** One Herald node started in this JVM, with its own data directory and port, on the shared MongoDB. */
    private static final class Node implements AutoCloseable {

        private final ConfigurableApplicationContext context;
        private final String baseUrl;
        private final WebTestClient http;

        Node(Path dataDir, String mongoUri) {
            context = new SpringApplicationBuilder(HeraldApplication.class).run(
                    "--spring.profiles.active=mongo",
                    "--spring.data.mongodb.uri=" + mongoUri,
                    "--server.port=0",
                    "--herald.data-dir=" + dataDir,
                    "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                    "--herald.security.jwt-secret=" + JWT_SECRET,
                    "--axon.update-check.disabled=true");
            baseUrl = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
        }

        void putRecipient(String recipientId) {
            http.put().uri("/api/v1/recipients/{id}", recipientId)
                    .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", recipientId + "@example.com"))
                    .exchange().expectStatus().is2xxSuccessful();
        }

        String token(String recipientId) {
            return body(http.post().uri("/api/v1/recipient-tokens")
                    .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientId", recipientId))
                    .exchange().expectStatus().isOk()).get("token").asText();
        }

        String send(Map<String, Object> notification) {
            return body(http.post().uri("/api/v1/notifications")
                    .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(notification)
                    .exchange().expectStatus().isAccepted()).get("notificationId").asText();
        }

        Stream stream(String token) {
            return new Stream(baseUrl, token);
        }

        double meter(String name) {
            return context.getBean(MeterRegistry.class).counter(name).count();
        }

        private static JsonNode body(WebTestClient.ResponseSpec response) {
            JsonNode body = response.expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(body).isNotNull();
            return body;
        }

        @Override
        public void close() {
            context.close();
        }
    }
}

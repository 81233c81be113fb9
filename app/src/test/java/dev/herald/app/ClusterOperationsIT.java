package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

/**
 * Two Herald nodes on the {@code mongo} profile sharing one MongoDB-wire server: the event processors' segments
 * spread over both, either node can rebuild a projection (it gathers the segments first) with progress counted in
 * events, and both publish how far each processor is behind; a single node on the default profile publishes the same.
 */
class ClusterOperationsIT {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    Path firstDir;
    @TempDir
    Path secondDir;

    private MongoServer mongo;
    private String uri;
    private final List<RunningHerald> nodes = new ArrayList<>();

    @BeforeEach
    void startMongo() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort() + "/herald";
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(RunningHerald::close);
        mongo.shutdownNow();
    }

    @Test
    void twoNodesShareTheSegmentsAndEitherCanReplayWithRealProgress() {
        RunningHerald first = node(firstDir);
        RunningHerald second = node(secondDir);
        Api api = first.api();
        api.putRecipient("ivy");
        for (int i = 0; i < 10; i++) {
            api.sendAccepted(Api.inAppNotification("ivy", "n" + i));
        }

        await().atMost(SETTLE).untilAsserted(() -> assertEvenSplit(processors(second)));
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(lagGauge(first, "inbox")).isEqualTo(0.0);
            assertThat(lagGauge(second, "inbox")).isEqualTo(0.0);
            JsonNode inbox = projection(second, "inbox");
            assertThat(inbox.get("lag").asLong()).isZero();
            assertThat(inbox.get("head").asLong()).isGreaterThanOrEqualTo(10);
        });

        JsonNode started = second.http.post().uri("/api/v1/admin/projections/inbox/replay")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long total = started.get("replay").get("total").asLong();
        assertThat(total).isEqualTo(started.get("head").asLong()).isGreaterThanOrEqualTo(10);

        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode replay = projection(second, "inbox").get("replay");
            assertThat(replay.get("finishedAt").isNull()).isFalse();
            assertThat(replay.get("processed").asLong()).isEqualTo(total);
        });
        await().atMost(SETTLE).untilAsserted(() -> assertEvenSplit(processors(first)));
        String token = first.api().token("ivy");
        assertThat(first.api().unreadCount(token).get("total").asLong()).isEqualTo(10);
        assertThat(second.api().unreadCount(token).get("total").asLong()).isEqualTo(10);
    }

    @Test
    void aSingleNodeOnTheDefaultProfileShowsLagAndHoldsEverySegment() {
        RunningHerald only = RunningHerald.start(firstDir);
        nodes.add(only);
        only.api().putRecipient("jo");
        only.api().sendAccepted(Api.inAppNotification("jo", "one"));

        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(lagGauge(only, "inbox")).isEqualTo(0.0);
            assertThat(lagGauge(only, "delivery")).isEqualTo(0.0);
            assertThat(projection(only, "inbox").get("lag").asLong()).isZero();
        });
        // Each processor claims its segments on its own schedule (the pooled "digests" processor can claim after the
        // others have caught up), so the report is awaited rather than read once.
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonNode report = processors(only);
            assertThat(report.get("nodes")).hasSize(1);
            for (JsonNode processor : report.get("processors")) {
                assertThat(processor.get("holders").get(report.get("node").asText()))
                        .as(processor.get("name").asText()).hasSize(processor.get("segments").asInt());
            }
        });
    }

    private static void assertEvenSplit(JsonNode report) {
        assertThat(report.get("nodes")).hasSize(2);
        for (JsonNode processor : report.get("processors")) {
            String name = processor.get("name").asText();
            int segments = processor.get("segments").asInt();
            JsonNode holders = processor.get("holders");
            int held = 0;
            for (JsonNode segmentsOfNode : holders) {
                held += segmentsOfNode.size();
                assertThat(segmentsOfNode.size()).as(name).isBetween(segments / 2, (segments + 1) / 2);
            }
            assertThat(held).as(name).isEqualTo(segments);
        }
    }

    private RunningHerald node(Path dataDir) {
        RunningHerald node = RunningHerald.start(dataDir, "--spring.profiles.active=mongo",
                                                 "--spring.data.mongodb.uri=" + uri);
        nodes.add(node);
        return node;
    }

    private static JsonNode processors(RunningHerald node) {
        return admin(node, "/api/v1/admin/processors");
    }

    private static JsonNode projection(RunningHerald node, String name) {
        return admin(node, "/api/v1/admin/projections/" + name);
    }

    private static JsonNode admin(RunningHerald node, String path) {
        return node.http.get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The node's {@code herald_processor_lag_events} for the processor, NaN when it holds none of its segments. */
    private static Double lagGauge(RunningHerald node, String processor) {
        String metrics = node.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher line = Pattern.compile("^herald_processor_lag_events\\{[^}]*processor=\"" + processor
                                       + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return line.find() ? Double.valueOf(line.group(1)) : null;
    }
}

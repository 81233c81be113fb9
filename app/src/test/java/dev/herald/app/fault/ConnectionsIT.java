package dev.herald.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Connections: 1,000 concurrent Server-Sent-Events streams ({@code GET /api/v1/me/stream}), one per recipient,
 * held open for a minute against the packaged Herald running as its own process with a 512 MiB heap.
 *
 * <p>It proves that Herald
 * <ul>
 *     <li>accepts 1,000 streams at once and keeps every one of them open for at least a minute (none is ended or
 *     fails, each gets its {@code heartbeat}s);</li>
 *     <li>routes notifications to the right stream under that load: every stream receives exactly the ids of the
 *     notifications sent to its own recipient, each once, and nothing sent to anyone else;</li>
 *     <li>still delivers to streams that have been open for more than a minute;</li>
 *     <li>releases what the streams held once they close: the server's heap after a full GC is back within a small
 *     margin of what it was before the streams opened, and the server is alive and healthy.</li>
 * </ul>
 * The heap figures (before, with the streams open, the highest seen, after) are printed to the test's output.
 */
class ConnectionsIT {

    private static final Path JAR = Path.of("target", "herald-exec.jar");
    private static final String ADMIN_KEY = "hk_connections_harness_bootstrap_admin_key";
    private static final String JWT_SECRET = "connections-harness-jwt-secret-of-at-least-32-bytes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int STREAMS = Integer.getInteger("herald.connections.streams", 1_000);
    private static final int NOTIFICATIONS_EACH = 2;
    /** Recipients that get one more notification once the streams have been open for {@link #HOLD}. */
    private static final int LATE = Math.min(100, STREAMS);
    private static final Duration HOLD = Duration.ofSeconds(60);
    /** Requests in flight at once (and the connections they use). */
    private static final int REQUESTS_IN_FLIGHT = 16;
    /** Streams connecting at once: more wait until one of these has received its {@code connected} event. */
    private static final int CONNECTING = 100;
    private static final int WARM_UP_STREAMS = 20;
    /** Recipients registered a call ({@code PUT /api/v1/recipients}), well within the 64 KiB request limit. */
    private static final int IMPORTED_A_CALL = 500;
    private static final long HEAP_MARGIN = 32L * 1024 * 1024;
    private static final double MIB = 1024 * 1024;
    /** {@code num: #instances #bytes class-name (module)} in {@code jcmd GC.class_histogram}'s output. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+).*");

    @TempDir
    Path dataDir;

    private HttpClient requests;

    @Test
    void aThousandStreamsHeldForAMinuteEachGetTheirOwnNotificationsAndTheHeapIsFlatAfterwards() throws Exception {
        assumeThat(Files.exists(JAR)).as("needs the packaged jar; run with ./mvnw verify").isTrue();
        long started = System.nanoTime();
        int port = freePort();
        Process herald = launch(port);
        LoopResources loops = LoopResources.create("connections-it", 2, true);
        ConnectionProvider requestPool = ConnectionProvider.builder("connections-it-requests")
                .maxConnections(REQUESTS_IN_FLIGHT).pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2)).build();
        ConnectionProvider streamPool = ConnectionProvider.builder("connections-it-streams")
                .maxConnections(STREAMS + WARM_UP_STREAMS + 100).pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2)).build();
        String baseUrl = "http://127.0.0.1:" + port;
        requests = HttpClient.create(requestPool).runOn(loops).baseUrl(baseUrl).keepAlive(true)
                .responseTimeout(Duration.ofSeconds(30));
        // No response timeout on streams: Reactor Netty's is a read-idle timeout, and a stream idles between events.
        HttpClient streamClient = HttpClient.create(streamPool).runOn(loops).baseUrl(baseUrl).keepAlive(true);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        List<Stream> streams = new ArrayList<>();
        try {
            awaitHealthy(herald);
            List<String> recipients = IntStream.range(0, STREAMS)
                    .mapToObj(i -> String.format(Locale.ROOT, "conn-%04d", i)).toList();
            Map<String, String> tokens = createRecipients(recipients);

            warmUp(streamClient);
            awaitReleased(port);
            long baseline = liveHeap(herald);
            Map<String, Long> classesBefore = histogram(herald);
            System.out.printf(Locale.ROOT, "ConnectionsIT: heap before the streams (after GC): %.1f MiB%n",
                    baseline / MIB);

            AtomicLong peak = new AtomicLong();
            sampler.scheduleWithFixedDelay(() -> {
                try {
                    peak.accumulateAndGet(heapUsed(), Math::max);
                } catch (RuntimeException | AssertionError missedSample) {
                    // one sample fewer; the next one comes in a second
                }
            }, 0, 1, TimeUnit.SECONDS);
            long opening = System.nanoTime();
            for (String recipient : recipients) {
                streams.add(new Stream(recipient));
            }
            open(streamClient, streams, tokens);
            long allOpen = System.nanoTime();
            int serverSide = serverConnections(port);
            System.out.printf(Locale.ROOT, "ConnectionsIT: %d streams open in %.1f s; server-side connections: %d%n",
                    STREAMS, (allOpen - opening) / 1e9, serverSide);
            if (serverSide >= 0) {
                assertThat(serverSide).as("connections Herald holds open").isGreaterThanOrEqualTo(STREAMS);
            }

            Map<String, List<String>> sent = send(recipients, NOTIFICATIONS_EACH, 0);
            awaitDelivered(streams, sent, Duration.ofMinutes(2));
            assertEveryStreamGotExactly(streams, sent);
            System.out.printf(Locale.ROOT, "ConnectionsIT: %d notifications sent and streamed in %.1f s%n",
                    STREAMS * NOTIFICATIONS_EACH, (System.nanoTime() - allOpen) / 1e9);

            Duration rest = HOLD.minusNanos(System.nanoTime() - allOpen);
            if (!rest.isNegative() && !rest.isZero()) {
                // Every stream must stay open through the rest of the minute, checked all along.
                await().during(rest).atMost(rest.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(streams).as("streams ended or failed during the hold")
                                .allSatisfy(Stream::assertOpen));
            }
            assertThat(streams).as("streams ended or failed during the hold").allSatisfy(Stream::assertOpen);
            List<String> late = IntStream.range(0, LATE).mapToObj(i -> recipients.get(i * (STREAMS / LATE)))
                    .toList();
            Map<String, List<String>> lateSent = send(late, 1, NOTIFICATIONS_EACH);
            lateSent.forEach((recipient, ids) -> sent.get(recipient).addAll(ids));
            awaitDelivered(streams, sent, Duration.ofMinutes(1));
            long held = System.nanoTime() - allOpen;
            assertEveryStreamGotExactly(streams, sent);
            assertThat(streams).as("streams ended or failed, or without a heartbeat, after %d s open",
                    TimeUnit.NANOSECONDS.toSeconds(held)).allSatisfy(stream -> {
                        stream.assertOpen();
                        assertThat(stream.heartbeats.get()).as(stream.recipientId + " heartbeats")
                                .isGreaterThanOrEqualTo(2);
                    });
            long withStreams = liveHeap(herald);
            System.out.printf(Locale.ROOT, "ConnectionsIT: all %d streams still live after %.1f s; heap with them "
                    + "open (after GC): %.1f MiB%n", STREAMS, held / 1e9, withStreams / MIB);

            streams.forEach(Stream::close);
            awaitReleased(port);
            sampler.shutdownNow();
            long peakHeap = peak.get();
            long after = liveHeap(herald);
            String grown = growth(classesBefore, histogram(herald));
            System.out.printf(Locale.ROOT, "ConnectionsIT: heap baseline %.1f MiB, with %d streams %.1f MiB, peak "
                            + "sampled %.1f MiB, after closing %.1f MiB (%+.1f MiB); whole test %.0f s%n",
                    baseline / MIB, STREAMS, withStreams / MIB, peakHeap / MIB, after / MIB,
                    (after - baseline) / MIB, (System.nanoTime() - started) / 1e9);
            System.out.println("ConnectionsIT: what grew most in the server's heap, before to after:" + grown);

            assertThat(after).as("server heap after the streams closed (after GC), against %.1f MiB before; "
                    + "grown most:%s", baseline / MIB, grown).isLessThanOrEqualTo(baseline + HEAP_MARGIN);
            assertThat(herald.isAlive()).as("Herald is still running").isTrue();
            assertThat(get("/actuator/health").status()).as("health after the streams").isEqualTo(200);
        } finally {
            sampler.shutdownNow();
            streams.forEach(Stream::close);
            herald.destroy();
            if (!herald.waitFor(30, TimeUnit.SECONDS)) {
                herald.destroyForcibly();
                herald.waitFor(30, TimeUnit.SECONDS);
            }
            streamPool.disposeLater().block(Duration.ofSeconds(10));
            requestPool.disposeLater().block(Duration.ofSeconds(10));
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
            copyLog();
        }
    }

    /**
     * Opens and closes a few streams that each receive one notification, so that what the first stream of all
     * initialises once (classes, caches, pools) is in the baseline rather than counted as held by the streams.
     */
    private void warmUp(HttpClient streamClient) throws InterruptedException {
        List<String> recipients = IntStream.range(0, WARM_UP_STREAMS)
                .mapToObj(i -> String.format(Locale.ROOT, "warm-up-%02d", i)).toList();
        Map<String, String> tokens = createRecipients(recipients);
        List<Stream> streams = recipients.stream().map(Stream::new).toList();
        try {
            open(streamClient, streams, tokens);
            Map<String, List<String>> sent = send(recipients, 1, 0);
            awaitDelivered(streams, sent, Duration.ofMinutes(1));
            assertEveryStreamGotExactly(streams, sent);
        } finally {
            streams.forEach(Stream::close);
        }
    }

    /**
     * Waits until Herald holds no more connections than the request pool's, i.e. it has let go of every stream,
     * and has stayed so for two seconds, for what closing them sets off.
     */
    private static void awaitReleased(int port) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> serverConnections(port) <= REQUESTS_IN_FLIGHT);
    }

    /** Creates the recipients and answers a recipient token for each. */
    private Map<String, String> createRecipients(List<String> recipients) {
        Flux.fromIterable(recipients)
                .map(recipient -> Map.of("recipientId", recipient, "email", recipient + "@example.com"))
                .buffer(IMPORTED_A_CALL)
                .concatMap(batch -> call(HttpMethod.PUT, "/api/v1/recipients", Map.of("recipients", batch))
                        .doOnNext(reply -> {
                            assertThat(reply.status()).as("PUT recipients: " + reply.body()).isEqualTo(200);
                            assertThat(reply.json().get("failed").asInt()).as(reply.body()).isZero();
                        }))
                .then().block(Duration.ofMinutes(3));
        Map<String, String> tokens = new ConcurrentHashMap<>();
        Flux.fromIterable(recipients)
                .flatMap(recipient -> call(HttpMethod.POST, "/api/v1/recipient-tokens",
                                           Map.of("recipientId", recipient))
                        .doOnNext(reply -> {
                            assertThat(reply.status()).as("token for " + recipient + ": " + reply.body())
                                    .isEqualTo(200);
                            tokens.put(recipient, reply.json().get("token").asText());
                        }), REQUESTS_IN_FLIGHT)
                .then().block(Duration.ofMinutes(3));
        assertThat(tokens).hasSize(recipients.size());
        return tokens;
    }

    /**
     * Connects every stream, at most {@link #CONNECTING} still connecting at a time, and waits until each has
     * received its {@code connected} event.
     */
    private static void open(HttpClient streamClient, List<Stream> streams, Map<String, String> tokens)
            throws InterruptedException {
        Semaphore connecting = new Semaphore(CONNECTING);
        for (Stream stream : streams) {
            assertThat(connecting.tryAcquire(60, TimeUnit.SECONDS))
                    .as("a connecting stream got its connected event within 60 s").isTrue();
            stream.connect(streamClient, tokens.get(stream.recipientId), connecting::release);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                streams.stream().allMatch(stream -> stream.connected.get() || stream.failure != null));
        assertThat(streams).as("streams that did not connect").allSatisfy(Stream::assertOpen);
    }

    /**
     * Sends {@code each} IN_APP notifications to every one of {@code recipients}, numbered from {@code first}.
     *
     * @return the ids of the notifications accepted, by recipient
     */
    private Map<String, List<String>> send(List<String> recipients, int each, int first) {
        Map<String, List<String>> sent = new ConcurrentHashMap<>();
        recipients.forEach(recipient -> sent.put(recipient, new CopyOnWriteArrayList<>()));
        Flux.range(0, each).concatMap(round -> Flux.fromIterable(recipients).map(recipient ->
                        Map.<String, Object>of("recipientId", recipient, "category", "billing",
                                "channels", List.of("IN_APP"), "title", title(recipient, first + round),
                                "body", "body for " + recipient)))
                .flatMap(notification -> call(HttpMethod.POST, "/api/v1/notifications", notification)
                        .doOnNext(reply -> {
                            assertThat(reply.status()).as("send to " + notification.get("recipientId") + ": "
                                    + reply.body()).isEqualTo(202);
                            sent.get((String) notification.get("recipientId"))
                                    .add(reply.json().get("notificationId").asText());
                        }), REQUESTS_IN_FLIGHT)
                .then().block(Duration.ofMinutes(3));
        return sent;
    }

    private static String title(String recipient, int number) {
        return recipient + " #" + number;
    }

    /** Waits until every stream has received at least as many notifications as were sent to its recipient. */
    private static void awaitDelivered(List<Stream> streams, Map<String, List<String>> sent, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> waiting = streams.stream().filter(stream -> stream.failure == null
                            && stream.notifications.size() < sent.getOrDefault(stream.recipientId, List.of()).size())
                    .map(stream -> stream.recipientId + " (" + stream.notifications.size() + " of "
                            + sent.get(stream.recipientId).size() + ")").toList();
            assertThat(waiting).as("streams still waiting for notifications").isEmpty();
        });
    }

    /** Each stream got exactly the notifications sent to its recipient, each once, and no other. */
    private static void assertEveryStreamGotExactly(List<Stream> streams, Map<String, List<String>> sent) {
        assertThat(streams).allSatisfy(stream -> {
            stream.assertOpen();
            assertThat(stream.strangers).as(stream.recipientId + " got notifications titled for another recipient")
                    .isEmpty();
            assertThat(stream.notifications).as(stream.recipientId + " notification ids")
                    .containsExactlyInAnyOrderElementsOf(sent.getOrDefault(stream.recipientId, List.of()));
        });
    }

    /** The server's used heap after a full GC: the least of three GC-then-read samples. */
    private long liveHeap(Process herald) throws IOException, InterruptedException {
        long least = Long.MAX_VALUE;
        for (int sample = 0; sample < 3; sample++) {
            jcmd(herald, "GC.run");
            least = Math.min(least, heapUsed());
        }
        return least;
    }

    /** Bytes by class in the server's heap, from {@code jcmd GC.class_histogram} (which collects first). */
    private static Map<String, Long> histogram(Process herald) throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        jcmd(herald, "GC.class_histogram").lines().map(HISTOGRAM_ROW::matcher).filter(Matcher::matches)
                .forEach(row -> bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum));
        return bytes;
    }

    /** The classes whose instances grew most between two histograms. */
    private static String growth(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .map(entry -> String.format(Locale.ROOT, "%n  %+8.1f KiB %s", entry.getValue() / 1024.0,
                        entry.getKey()))
                .collect(Collectors.joining());
    }

    private static String jcmd(Process herald, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(herald.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).as("jcmd %s finished", command).isTrue();
        assertThat(jcmd.exitValue()).as("jcmd %s exit code: %s", command, output).isZero();
        return output;
    }

    /** {@code jvm_memory_used_bytes} summed over the heap's pools, as Herald's Prometheus endpoint reports it. */
    private long heapUsed() {
        Reply reply = get("/actuator/prometheus");
        assertThat(reply.status()).as("/actuator/prometheus").isEqualTo(200);
        double used = reply.body().lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        assertThat(used).as("heap figures in /actuator/prometheus").isPositive();
        return (long) used;
    }

    /**
     * Established TCP connections whose local end is Herald's port, from {@code /proc/net/tcp*}; -1 where those
     * are not to be read (not Linux).
     */
    private static int serverConnections(int port) {
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                return -1;
            }
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && fields[1].endsWith(localPort) && fields[3].equals("01")) {
                        count++;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return count;
    }

    private void awaitHealthy(Process herald) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertThat(herald.isAlive()).as("Herald is running; see %s", dataDir.resolve("herald.log")).isTrue();
            return get("/actuator/health").status() == 200;
        });
    }

    /** One response, its body read in full. */
    private record Reply(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private Reply get(String path) {
        return call(HttpMethod.GET, path, null).block(Duration.ofSeconds(40));
    }

    /** A request as the admin (the bootstrap API key), with {@code body} as JSON when there is one. */
    private Mono<Reply> call(HttpMethod method, String path, Object body) {
        byte[] json;
        try {
            json = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return requests.request(method).uri(path)
                .send((request, out) -> {
                    request.header(HttpHeaderNames.AUTHORIZATION, "ApiKey " + ADMIN_KEY);
                    if (json == null) {
                        return out;
                    }
                    request.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    request.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(json.length));
                    return out.sendByteArray(Mono.just(json));
                })
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), text)));
    }

    /** One recipient's event stream: what it received, parsed event by event. */
    private static final class Stream {

        final String recipientId;
        final AtomicBoolean connected = new AtomicBoolean();
        final List<String> notifications = new CopyOnWriteArrayList<>();
        /** Titles of notifications received that were not sent to this stream's recipient. */
        final List<String> strangers = new CopyOnWriteArrayList<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        /** Why the stream stopped on its own, or null while it is open. */
        volatile String failure;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final StringBuilder pending = new StringBuilder();
        private Runnable onConnected = () -> { };
        private volatile Disposable subscription;

        Stream(String recipientId) {
            this.recipientId = recipientId;
        }

        void connect(HttpClient client, String token, Runnable onConnected) {
            AtomicBoolean once = new AtomicBoolean();
            this.onConnected = () -> {
                if (!once.getAndSet(true)) {
                    onConnected.run();
                }
            };
            subscription = client
                    .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                            .set(HttpHeaderNames.ACCEPT, "text/event-stream"))
                    .get().uri("/api/v1/me/stream")
                    .response((response, content) -> {
                        String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
                        if (response.status().code() == 200 && type.startsWith("text/event-stream")) {
                            return content.asString(StandardCharsets.UTF_8);
                        }
                        return content.aggregate().asString().defaultIfEmpty("").flatMapMany(body -> Flux.error(
                                new IllegalStateException("answered " + response.status().code() + " " + body)));
                    })
                    .subscribe(this::accept,
                            error -> stop("failed: " + error),
                            () -> stop("ended by the server"));
        }

        private void stop(String why) {
            if (!closed.get()) {
                failure = why;
            }
            onConnected.run();
        }

        /** A chunk of the stream: complete events (each ends with a blank line) are handled, the rest kept. */
        private void accept(String chunk) {
            pending.append(chunk.replace("\r\n", "\n"));
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String event = pending.substring(0, end);
                pending.delete(0, end + 2);
                handle(event);
            }
        }

        private void handle(String event) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("event:")) {
                    name = field(line);
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(field(line));
                }
            }
            switch (name) {
                case "connected" -> {
                    connected.set(true);
                    onConnected.run();
                }
                case "heartbeat" -> heartbeats.incrementAndGet();
                case "notification" -> {
                    JsonNode item = parse(data.toString());
                    notifications.add(item.get("id").asText());
                    String title = item.get("title").asText();
                    if (!title.startsWith(recipientId + " #")) {
                        strangers.add(title);
                    }
                }
                default -> {
                    // unread-count and anything else: not what this test is about
                }
            }
        }

        private static String field(String line) {
            String value = line.substring(line.indexOf(':') + 1);
            return value.startsWith(" ") ? value.substring(1) : value;
        }

        private static JsonNode parse(String data) {
            try {
                return JSON.readTree(data);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("an event's data is not JSON: " + data, e);
            }
        }

        void assertOpen() {
            assertThat(failure).as("stream of " + recipientId).isNull();
            assertThat(connected).as("stream of " + recipientId + " connected").isTrue();
        }

        void close() {
            closed.set(true);
            Disposable open = subscription;
            if (open != null) {
                open.dispose();
            }
        }
    }

    private Process launch(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-Daxoniq.update-checker.disabled=true",
                "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.security.jwt-secret=" + JWT_SECRET);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("herald.log").toFile())
                .start();
    }

    /** Keeps Herald's log where it outlives the temporary data directory. */
    private void copyLog() {
        try {
            Files.copy(dataDir.resolve("herald.log"), Path.of("target", "connections-it-herald.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.out.println("ConnectionsIT: could not keep Herald's log: " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.bench.HttpDriver.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Herald under test: {@code java -jar herald-exec.jar} on the embedded default profile (or the profile its
 * settings name), a data directory of its own, a known bootstrap admin key and a free port of 127.0.0.1, plus the
 * HTTP calls the benchmarks need to set it up.
 */
final class HeraldInstance implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NOTIFICATIONS = "/api/v1/notifications";
    static final String PROJECTIONS = "/api/v1/admin/projections";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final ServerProcess process;
    private final HttpDriver http;
    private final String adminKey;

    private HeraldInstance(ServerProcess process, HttpDriver http, String adminKey) {
        this.process = process;
        this.http = http;
        this.adminKey = adminKey;
    }

    /** A fresh bootstrap admin key. Herald keeps it in its data directory, so a restart there accepts it again. */
    static String newAdminKey() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return "hk_bench_" + HexFormat.of().formatHex(random);
    }

    static HeraldInstance start(BenchOptions options, Path dataDir, String adminKey, String logName, int streams) {
        return start(options, dataDir, adminKey, logName, streams, List.of());
    }

    /** @param settings more of Herald's arguments, such as a profile and its store ({@code --name=value}) */
    static HeraldInstance start(BenchOptions options, Path dataDir, String adminKey, String logName, int streams,
                                List<String> settings) {
        long started = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("--server.port={port}", "--server.address=127.0.0.1",
                                                    "--herald.data-dir=" + dataDir,
                                                    "--herald.security.bootstrap-api-key=" + adminKey,
                                                    "--herald.delivery.public-base-url=http://127.0.0.1:{port}"));
        args.addAll(settings);
        ServerProcess process = ServerProcess.start("Herald", List.of("-jar", options.heraldJar().toString()),
                options.heraldJvmArgs(), args, "/actuator/health", dataDir.resolveSibling(logName), START_TIMEOUT);
        Progress.log("Herald started in %.1f s (pid %d, port %d, data %s)", (System.nanoTime() - started) / 1e9,
                     process.pid(), process.port(), dataDir);
        HttpDriver http = new HttpDriver(process.port(), Math.max(options.clients(), 64), streams,
                                         options.clientThreads(), Duration.ofSeconds(30));
        return new HeraldInstance(process, http, adminKey);
    }

    ServerProcess process() {
        return process;
    }

    HttpDriver http() {
        return http;
    }

    String adminAuthorization() {
        return "ApiKey " + adminKey;
    }

    static String recipientId(int index) {
        return String.format("bench-r-%05d", index);
    }

    /** Creates recipients 0..count-1 over {@code PUT /api/v1/recipients/{id}} from {@code concurrency} clients. */
    void createRecipients(int count, int concurrency) {
        AtomicLong failures = new AtomicLong();
        List<String> samples = new ArrayList<>();
        Flux.range(0, count)
                .flatMap(i -> http.put("/api/v1/recipients/" + recipientId(i), adminAuthorization(),
                                       ("{\"email\":\"" + recipientId(i) + "@example.test\",\"locale\":\"en-GB\"}")
                                               .getBytes(StandardCharsets.UTF_8))
                        .doOnNext(reply -> {
                            if (reply.status() != 201 && reply.status() != 200) {
                                failures.incrementAndGet();
                                synchronized (samples) {
                                    if (samples.size() < 3) {
                                        samples.add(reply.status() + " " + HttpDriver.abbreviate(reply.text(), 200));
                                    }
                                }
                            }
                        }), concurrency)
                .then().block(Duration.ofMinutes(30));
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " recipients not created: " + samples);
        }
    }

    /** Recipient tokens ({@code Authorization} values) for the given recipients, valid for 12 hours. */
    Map<String, String> recipientTokens(List<String> recipients) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String recipient : recipients) {
            Reply reply = call(http.post("/api/v1/recipient-tokens", adminAuthorization(),
                                         json(Map.of("recipientId", recipient, "ttl", "PT12H"))));
            if (reply.status() != 200) {
                throw new IllegalStateException("POST /api/v1/recipient-tokens answered " + reply.status() + ": "
                        + HttpDriver.abbreviate(reply.text(), 300));
            }
            tokens.put(recipient, read(reply).path("token").asText());
        }
        return tokens;
    }

    /** The projections and their state, or the reason why the admin API cannot tell. */
    Availability<JsonNode> projections() {
        Reply reply = call(http.get(PROJECTIONS, adminAuthorization()));
        if (reply.status() != 200) {
            return Availability.unavailable("GET " + PROJECTIONS + " answered " + reply.status() + ": "
                    + HttpDriver.abbreviate(reply.text(), 200));
        }
        return Availability.of(read(reply));
    }

    Reply call(Mono<Reply> request) {
        return request.block(CALL_TIMEOUT);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode read(Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + HttpDriver.abbreviate(reply.text(), 200), e);
        }
    }

    /** Graceful stop (SIGTERM). */
    void stop() {
        http.close();
        process.stop();
    }

    /** A crash (SIGKILL). */
    void kill() {
        http.close();
        process.kill();
    }

    @Override
    public void close() {
        http.close();
        if (process.isAlive()) {
            process.stop();
        }
    }

    /** A value, or why a benchmark cannot have it on this Herald. */
    record Availability<T>(T value, String reason) {

        static <T> Availability<T> of(T value) {
            return new Availability<>(value, null);
        }

        static <T> Availability<T> unavailable(String reason) {
            return new Availability<>(null, reason);
        }

        boolean available() {
            return reason == null;
        }
    }
}

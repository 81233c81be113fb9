package dev.herald.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.app.HeraldApplication;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Thousands of generated malformed, oversized and hostile requests across the sender and recipient APIs: no answer
 * is a 5xx, every refusal is a problem document, and the event store holds exactly what it held before.
 */
class BadInputIT {

    static final String ADMIN_KEY = "hk_fault_harness_bootstrap_admin_key";
    static final long SEED = 20261121L;
    static final int REQUESTS = 3_000;

    @TempDir
    static Path dataDir;
    static ConfigurableApplicationContext herald;
    static String baseUrl;
    static final WebClient CLIENT = WebClient.builder()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024)).build();

    @BeforeAll
    static void start() throws Exception {
        herald = new SpringApplicationBuilder(HeraldApplication.class).run("--server.port=0",
                "--herald.data-dir=" + dataDir, "--herald.security.bootstrap-api-key=" + ADMIN_KEY);
        baseUrl = "http://localhost:" + herald.getEnvironment().getProperty("local.server.port");
        send(new HostileRequests.Request("PUT", "/api/v1/recipients/target", "ApiKey " + ADMIN_KEY,
                "application/json", "{\"email\":\"target@example.com\"}"));
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void hostileRequestsGetFourHundredsAndStoreNothing() throws Exception {
        String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(send(new HostileRequests.Request(
                "POST", "/api/v1/recipient-tokens", "ApiKey " + ADMIN_KEY, "application/json",
                "{\"recipientId\":\"target\"}")).body()).get("token").asText();
        long eventsBefore = storedEvents();
        List<HostileRequests.Request> requests = new HostileRequests(SEED, ADMIN_KEY, token).generate(REQUESTS);

        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Map<String, String> offenders = new ConcurrentHashMap<>();
        List<String> slow = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(Integer.getInteger("herald.fault.clients", 8));
        try {
            List<Future<Object>> sent = requests.stream().map(request -> clients.submit(() -> {
                Answer response;
                try {
                    response = send(request);
                } catch (IllegalStateException noAnswer) {
                    // On a loaded 2-core machine an answer can be late; a second, identical request tells a slow
                    // moment from a request that Herald never answers. Both are reported; only the latter fails.
                    slow.add(request.method() + " " + request.path());
                    try {
                        response = send(request);
                    } catch (IllegalStateException failed) {
                        offenders.put(request.method() + " " + request.path() + " auth=" + abbreviate(
                                request.authorization()) + " type=" + request.contentType() + " " + abbreviate(
                                request.body()), "no answer, twice: " + failed.getCause());
                        return null;
                    }
                }
                statuses.merge(response.statusCode(), 1, Integer::sum);
                String type = response.contentType();
                if (response.statusCode() >= 500 || response.statusCode() < 400
                        || !type.startsWith("application/problem+json")) {
                    offenders.putIfAbsent(request.method() + " " + request.path() + " " + abbreviate(request.body()),
                            response.statusCode() + " " + type + " " + abbreviate(response.body()));
                }
                return (Object) response.statusCode();
            })).toList();
            for (Future<Object> future : sent) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }

        java.nio.file.Files.write(Path.of("target", "bad-input-offenders.txt"), java.util.stream.Stream.concat(
                offenders.entrySet().stream().map(offender -> offender.getValue() + "  <=  " + offender.getKey()),
                slow.stream().map(request -> "slow (answered when repeated)  <=  " + request)).sorted().toList());
        assertThat(offenders).as("answers that were not a 4xx problem document; statuses %s", new TreeMap<>(statuses))
                .isEmpty();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);

        assertThat(storedEvents()).as("the event store holds exactly what it held before").isEqualTo(eventsBefore);
    }

    /** What came back: status, content type and body. */
    record Answer(int statusCode, String contentType, String body) {
    }

    static Answer send(HostileRequests.Request request) {
        WebClient.RequestBodySpec spec = CLIENT.method(HttpMethod.valueOf(request.method()))
                .uri(URI.create(baseUrl + request.path()));
        if (request.authorization() != null) {
            spec.header("Authorization", request.authorization());
        }
        if (request.contentType() != null) {
            spec.header("Content-Type", request.contentType());
        }
        WebClient.RequestHeadersSpec<?> ready = request.body() == null ? spec : spec.bodyValue(request.body());
        try {
            return ready.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .map(body -> new Answer(response.statusCode().value(),
                                    response.headers().contentType().map(Object::toString).orElse(""), body)))
                    .timeout(Duration.ofSeconds(Integer.getInteger("herald.fault.timeout", 30)))
                    .block();
        } catch (RuntimeException e) {
            throw new IllegalStateException(request.method() + " " + request.path(), e);
        }
    }

    private static long storedEvents() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("events.db"));
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM DomainEventEntry")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}

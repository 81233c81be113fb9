package dev.herald.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.app.HeraldApplication;
import dev.herald.app.delivery.LocalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/**
 * A scripted scenario against a real Herald, and what an operator then reads on {@code /actuator/prometheus}:
 * sends on IN_APP and WEBHOOK (to a real local HTTP receiver), an opt-out, a recipient without a phone, a webhook
 * that fails for good, a live stream, and a replay of the inbox.
 */
class MetricsIT {

    private static final String ADMIN_KEY = "hk_metrics_test_bootstrap_admin_key";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> PROCESSORS = List.of("inbox", "notification-status", "subscriptions",
                                                           "delivery");

    @TempDir
    static Path dataDir;
    static LocalProvider receiver;
    static ConfigurableApplicationContext herald;
    static WebTestClient http;
    static String[] limitedKey;

    @BeforeAll
    static void start() throws IOException {
        receiver = new LocalProvider();
        herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0",
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.security.jwt-secret=metrics-test-jwt-secret-of-at-least-32-bytes",
                "--herald.delivery.webhook.signing-secret=whsec-metrics-test",
                "--herald.delivery.retry.first-delay=200ms",
                "--herald.delivery.retry.max-delay=500ms",
                // A replay keeps serving the old version until this check: the test sees the replay in progress.
                "--herald.projections.switch-check=PT1H",
                // One request an hour for the key named "metrics-limited": its second request is refused (429).
                "--herald.rate-limits.keys[0].key=metrics-limited", "--herald.rate-limits.keys[0].capacity=1",
                "--herald.rate-limits.keys[0].refill-tokens=1", "--herald.rate-limits.keys[0].refill-period=PT1H",
                "--axon.update-check.disabled=true");
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + herald.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        herald.close();
        receiver.close();
    }

    @Test
    void theScrapeShowsSendsOutcomesProcessorsStreamsAndTheCommandQueue() throws IOException {
        Map<String, Double> before = scrape();
        assertThat(value(before, "herald_commands_queue_capacity")).isEqualTo(20_000);

        putRecipient("mia", Map.of("email", "mia@example.com", "webhookUrl", receiver.url("/hooks/mia")));
        putRecipient("noah", Map.of("email", "noah@example.com", "webhookUrl", receiver.url("/hooks/noah")));
        String mia = token("mia");
        http.put().uri("/api/v1/me/subscriptions").header(HttpHeaders.AUTHORIZATION, "Bearer " + mia)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("optOuts", List.of(Map.of("category", "news", "channels", List.of("WEBHOOK")))))
                .exchange().expectStatus().isOk();
        receiver.answerNext("/hooks/noah", new LocalProvider.Answer(503, null), new LocalProvider.Answer(410, null));

        send("mia", "billing", "IN_APP", "WEBHOOK");
        send("mia", "news", "IN_APP", "WEBHOOK");
        send("noah", "billing", "IN_APP", "WEBHOOK", "SMS");

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> now = scrape();
            assertThat(accepted(now, before, "in_app")).isEqualTo(3);
            assertThat(accepted(now, before, "webhook")).isEqualTo(3);
            assertThat(accepted(now, before, "sms")).isEqualTo(1);
            assertThat(accepted(now, before, "email")).isZero();
            assertThat(outcome(now, before, "in_app", "delivered", "none")).isEqualTo(3);
            assertThat(outcome(now, before, "webhook", "delivered", "none")).isEqualTo(1);
            assertThat(outcome(now, before, "webhook", "skipped", "opted_out")).isEqualTo(1);
            assertThat(outcome(now, before, "webhook", "failed", "none")).isEqualTo(1);
            assertThat(outcome(now, before, "sms", "skipped", "no_contact_point")).isEqualTo(1);
            assertThat(sum(now, "herald_delivery_outcomes_total") - sum(before, "herald_delivery_outcomes_total"))
                    .as("no other outcome").isEqualTo(7);
        });
        assertThat(receiver.at("/hooks/noah")).hasSize(2);
        assertThat(receiver.at("/hooks/mia")).hasSize(1);

        Disposable stream = http.get().uri("/api/v1/me/stream").header(HttpHeaders.AUTHORIZATION, "Bearer " + mia)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody().subscribe();
        await().atMost(WAIT).until(() -> value(scrape(), "herald_sse_streams_open") == 1);
        stream.dispose();
        await().atMost(WAIT).until(() -> value(scrape(), "herald_sse_streams_open") == 0);

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> now = scrape();
            for (String processor : PROCESSORS) {
                assertThat(value(now, "herald_processor_lag_events", "processor", processor)).as(processor).isZero();
                assertThat(state(now, processor, "running")).as(processor).isEqualTo(1);
                assertThat(state(now, processor, "replaying") + state(now, processor, "error")
                           + state(now, processor, "stopped")).as(processor).isZero();
            }
            assertThat(value(now, "herald_commands_queued")).isZero();
            assertThat(value(now, "herald_commands_active")).isZero();
        });

        http.post().uri("/api/v1/admin/projections/inbox/replay").header(HttpHeaders.AUTHORIZATION, "ApiKey "
                + ADMIN_KEY).exchange().expectStatus().isAccepted();
        Map<String, Double> replaying = scrape();
        assertThat(state(replaying, "inbox", "replaying")).isEqualTo(1);
        assertThat(state(replaying, "inbox", "running")).isZero();
        assertThat(state(replaying, "notification-status", "running")).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> now = scrape();
            assertThat(value(now, "herald_processor_lag_events", "processor", "inbox")).isZero();
            assertThat(state(now, "inbox", "replaying")).isEqualTo(1);
        });

        Map<String, Double> after = scrape();
        assertThat(sum(after, "herald_delivery_outcomes_total") - sum(before, "herald_delivery_outcomes_total"))
                .as("a replay counts nothing again").isEqualTo(7);
        assertThat(accepted(after, before, "in_app")).isEqualTo(3);
        assertThat(value(after, "herald_commands_rejected_total")).isZero();
    }

    @Test
    void requestsOverAKeysRateLimitAreCountedByKeyIdNeverBySecret() {
        String[] limited = limitedKeyRefusedOnce();
        String body = http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(scrape()).containsEntry("herald_rate_limited_total{application=\"herald\",key=\"" + limited[0]
                                           + "\"}", 1.0);
        assertThat(body).doesNotContain(limited[1]);
    }

    /** Issues the key named "metrics-limited" once and spends its one request, then one more; its id and secret. */
    private static synchronized String[] limitedKeyRefusedOnce() {
        if (limitedKey == null) {
            JsonNode issued = http.post().uri("/api/v1/admin/api-keys")
                    .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("senderId", "metrics", "name", "metrics-limited", "scopes", List.of("send")))
                    .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                    .getResponseBody();
            limitedKey = new String[] {issued.get("keyId").asText(), issued.get("apiKey").asText()};
            for (int status : new int[] {201, 429}) {
                http.put().uri("/api/v1/recipients/limited").header(HttpHeaders.AUTHORIZATION,
                                "ApiKey " + limitedKey[1])
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "limited@example.com"))
                        .exchange().expectStatus().isEqualTo(status);
            }
        }
        return limitedKey;
    }

    /** The dashboard shows nothing that is not there: every series it queries is in this scrape. */
    @Test
    void everySeriesTheDashboardQueriesIsExported() throws IOException {
        limitedKeyRefusedOnce();
        putRecipient("zoe", Map.of("email", "zoe@example.com", "webhookUrl", receiver.url("/hooks/zoe")));
        Map<String, Double> before = scrape();
        send("zoe", "billing", "IN_APP", "WEBHOOK");
        // Until zoe's outcomes are counted, so that they do not land in another test's before-and-after.
        await().atMost(WAIT).until(() -> {
            Map<String, Double> now = scrape();
            return now.keySet().stream().anyMatch(key -> key.startsWith("herald_delivery_duration_seconds_count{"))
                   && outcome(now, before, "webhook", "delivered", "none") == 1
                   && outcome(now, before, "in_app", "delivered", "none") == 1;
        });
        List<String> exported = new ArrayList<>();
        scrape().keySet().forEach(key -> exported.add(key.replaceAll("\\{.*", "")));

        for (String name : GrafanaDashboardTest.metricNames(GrafanaDashboardTest.dashboard())) {
            assertThat(exported).as("%s is exported", name).contains(name);
        }
        Matcher rows = Pattern.compile("^\\| `(herald_[a-z_]+)`[^\\n]*", Pattern.MULTILINE)
                .matcher(Files.readString(GrafanaDashboardTest.DASHBOARD.getParent().resolveSibling("README.md")));
        while (rows.find()) {
            if (!rows.group().contains("`mongo` profile only")) {
                String series = rows.group(1);
                assertThat(exported).as("%s of the README is exported", series)
                        .anyMatch(name -> GrafanaDashboardTest.seriesOf(name).equals(series));
            }
        }
    }

    private static double accepted(Map<String, Double> now, Map<String, Double> before, String channel) {
        return value(now, "herald_notifications_accepted_total", "channel", channel)
               - value(before, "herald_notifications_accepted_total", "channel", channel);
    }

    private static double outcome(Map<String, Double> now, Map<String, Double> before, String channel,
                                  String outcome, String reason) {
        String[] labels = {"channel", channel, "outcome", outcome, "reason", reason};
        return value(now, "herald_delivery_outcomes_total", labels)
               - value(before, "herald_delivery_outcomes_total", labels);
    }

    private static double state(Map<String, Double> scrape, String processor, String state) {
        return value(scrape, "herald_processor_state", "processor", processor, "state", state);
    }

    /** The one sample of the series whose labels include these; fails when there is none or more than one. */
    private static double value(Map<String, Double> scrape, String name, String... labels) {
        List<Double> values = new ArrayList<>();
        scrape.forEach((key, value) -> {
            if (matches(key, name, labels)) {
                values.add(value);
            }
        });
        assertThat(values).as("samples of %s %s", name, List.of(labels)).hasSize(1);
        return values.get(0);
    }

    private static double sum(Map<String, Double> scrape, String name) {
        return scrape.entrySet().stream().filter(entry -> matches(entry.getKey(), name))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static boolean matches(String key, String name, String... labels) {
        if (!key.equals(name) && !key.startsWith(name + "{")) {
            return false;
        }
        Map<String, String> present = new HashMap<>();
        Matcher label = LABEL.matcher(key);
        while (label.find()) {
            present.put(label.group(1), label.group(2));
        }
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(present.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Prometheus' text format: each sample as {@code name{labels}} to its value. */
    private static Map<String, Double> scrape() {
        String text = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).isNotNull();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                            Double.parseDouble(sample.group(4)));
            }
        }
        return samples;
    }

    private static void putRecipient(String id, Map<String, Object> contacts) {
        http.put().uri("/api/v1/recipients/{id}", id).header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(contacts)
                .exchange().expectStatus().is2xxSuccessful();
    }

    private static String token(String recipientId) {
        JsonNode body = http.post().uri("/api/v1/recipient-tokens").header(HttpHeaders.AUTHORIZATION,
                        "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientId", recipientId))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        return body.get("token").asText();
    }

    private static void send(String recipientId, String category, String... channels) {
        http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientId", recipientId, "category", category, "channels", List.of(channels),
                                  "title", category + " for " + recipientId))
                .exchange().expectStatus().isAccepted();
    }
}

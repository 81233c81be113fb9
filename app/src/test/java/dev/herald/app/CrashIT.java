package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.herald.app.delivery.LocalProvider;

/**
 * {@code kill -9} under load, then a restart: nothing acknowledged is lost, and deliveries that were retrying finish.
 * Herald runs as a separate process (the packaged jar), so the kill is a real one.
 */
class CrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "herald-exec.jar");
    /** Accepted sends the SMS provider may be behind by before the senders of the retry test wait for it. */
    private static final int BACKLOG = 40;

    @TempDir
    Path dataDir;

    @Test
    void everyAcceptedNotificationSurvivesAKill() throws Exception {
        assumeThat(Files.exists(JAR)).as("needs the packaged jar; run with ./mvnw verify").isTrue();
        int port = freePort();
        Process herald = launch(port);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealthy(client, port);
            request(client, port, "PUT", "/api/v1/recipients/frank", Map.of("email", "frank@example.com"));

            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            for (int s = 0; s < 8; s++) {
                int sender = s;
                senders.submit(() -> {
                    for (int i = 0; sending.get(); i++) {
                        try {
                            HttpResponse<String> response = request(client, port, "POST", "/api/v1/notifications",
                                    Api.inAppNotification("frank", "sender " + sender + " #" + i));
                            if (response.statusCode() == 202) {
                                accepted.add(JSON.readTree(response.body()).get("notificationId").asText());
                            }
                        } catch (IOException | InterruptedException connectionLost) {
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted.size() >= 800);
            herald.destroyForcibly();
            herald.waitFor(30, TimeUnit.SECONDS);
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            herald.destroyForcibly();
        }

        List<String> missing = missingFromTheStore(accepted);
        assertThat(missing).as("acknowledged but not in the event store, of %d", accepted.size()).isEmpty();

        try (RunningHerald restarted = RunningHerald.start(dataDir)) {
            Api api = restarted.api();
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> accepted.forEach(id ->
                            api.status(id, RunningHerald.ADMIN_KEY).expectStatus().isOk()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(missingFromTheInbox(accepted)).as("accepted, not in the inbox")
                            .isEmpty());
            assertThat(countersNotMatchingTheItems()).as("counters that differ from a direct count").isEmpty();
        }
    }

    /** Read from the read-model file while Herald runs: every batch there commits whole, with its token. */
    private List<String> missingFromTheInbox(Set<String> notificationIds) throws Exception {
        List<String> missing = new ArrayList<>();
        try (Connection readModels = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("read-models.db"));
             PreparedStatement find = readModels.prepareStatement(
                     "SELECT COUNT(*) FROM inbox_items WHERE notification_id = ?")) {
            for (String id : notificationIds) {
                find.setString(1, id);
                try (ResultSet result = find.executeQuery()) {
                    result.next();
                    if (result.getLong(1) != 1) {
                        missing.add(id);
                    }
                }
            }
        }
        return missing;
    }

    /** Each recipient's and category's counters against a count of its items, in one statement (one snapshot). */
    private List<String> countersNotMatchingTheItems() throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Connection readModels = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("read-models.db"));
             PreparedStatement compare = readModels.prepareStatement(
                     "SELECT i.recipient_id, i.category, SUM(i.archived = 0 AND i.read = 0), SUM(i.archived = 0),"
                             + " COALESCE(MAX(c.unread), 0), COALESCE(MAX(c.total), 0) FROM inbox_items i"
                             + " LEFT JOIN inbox_counts c ON c.recipient_id = i.recipient_id"
                             + " AND c.category = i.category GROUP BY i.recipient_id, i.category");
             ResultSet rows = compare.executeQuery()) {
            while (rows.next()) {
                if (rows.getLong(3) != rows.getLong(5) || rows.getLong(4) != rows.getLong(6)) {
                    wrong.add(rows.getString(1) + "/" + rows.getString(2) + ": items " + rows.getLong(3) + "/"
                              + rows.getLong(4) + ", counters " + rows.getLong(5) + "/" + rows.getLong(6));
                }
            }
        }
        return wrong;
    }

    /**
     * {@code kill -9} while four senders send and SMS deliveries retry (the provider refuses its first 300 calls).
     * After a restart: every 202 is in the store, every accepted notification reaches a final outcome on every
     * channel, and the provider saw every notification it received under that notification's one idempotency key.
     */
    @Test
    void everyAcceptedNotificationReachesAnOutcomeAfterAKillDuringRetries() throws Exception {
        assumeThat(Files.exists(JAR)).as("needs the packaged jar; run with ./mvnw verify").isTrue();
        try (LocalProvider sms = new LocalProvider()) {
            for (int i = 0; i < 300; i++) {
                sms.answerNext("/sms", new LocalProvider.Answer(503, null));
            }
            // Attempts lost in the in-memory worker queue by the kill come back through their watchdog deadline,
            // which fires after connect + request timeout + margin (155 s by default); shortened here.
            String[] delivery = {"--herald.delivery.sms.url=" + sms.url("/sms"),
                "--herald.delivery.retry.first-delay=300ms", "--herald.delivery.retry.max-delay=2s",
                "--herald.delivery.retry.max-attempts=40", "--herald.delivery.retry.deadline=10m",
                "--herald.delivery.connect-timeout=2s", "--herald.delivery.request-timeout=3s",
                "--herald.delivery.watchdog-margin=5s"};
            int port = freePort();
            Process herald = launch(port, delivery);
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2)).build();
                awaitHealthy(client, port);
                request(client, port, "PUT", "/api/v1/recipients/gwen", Map.of("phone", "+15550177"));
                AtomicBoolean sending = new AtomicBoolean(true);
                ExecutorService senders = Executors.newFixedThreadPool(4);
                for (int s = 0; s < 4; s++) {
                    int sender = s;
                    senders.submit(() -> {
                        for (int i = 0; sending.get(); i++) {
                            try {
                                HttpResponse<String> response = request(client, port, "POST",
                                        "/api/v1/notifications", Map.of("recipientId", "gwen", "category", "alerts",
                                                "channels", List.of("SMS", "IN_APP"),
                                                "title", "alert " + sender + "/" + i, "body", "b"));
                                if (response.statusCode() == 202) {
                                    accepted.add(JSON.readTree(response.body()).get("notificationId").asText());
                                }
                                // Back-pressure: keep sending while the provider keeps up, so that the backlog
                                // at the kill stays a few dozen deliveries, not thousands.
                                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                                        .until(() -> !sending.get()
                                                || accepted.size() - sms.at("/sms").size() < BACKLOG);
                            } catch (IOException | InterruptedException | ConditionTimeoutException stopped) {
                                return;
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> sms.at("/sms").size() >= 200
                        && accepted.size() >= 150);
                herald.destroyForcibly();
                herald.waitFor(30, TimeUnit.SECONDS);
                sending.set(false);
                senders.shutdown();
                assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                herald.destroyForcibly();
                herald.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(missingFromTheStore(accepted)).as("acknowledged but not stored, of %d", accepted.size())
                    .isEmpty();

            System.out.printf("CrashIT: killed with %d accepted and %d SMS calls made%n", accepted.size(),
                              sms.at("/sms").size());
            long restartedAt = System.nanoTime();
            try (RunningHerald restarted = RunningHerald.start(dataDir, delivery)) {
                Api api = restarted.api();
                await().atMost(Duration.ofSeconds(150)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> accepted.forEach(id -> {
                            var status = api.status(id, RunningHerald.ADMIN_KEY).expectStatus().isOk()
                                    .expectBody(com.fasterxml.jackson.databind.JsonNode.class).returnResult()
                                    .getResponseBody();
                            status.get("channels").forEach(channel -> assertThat(channel.get("status").asText())
                                    .as(id + " " + channel).isIn("DELIVERED", "FAILED"));
                        }));
                System.out.printf("CrashIT: every channel final %.1f s after the restart began, %d SMS calls%n",
                                  (System.nanoTime() - restartedAt) / 1e9, sms.at("/sms").size());
                Set<String> delivered = new java.util.HashSet<>();
                for (LocalProvider.Received call : sms.at("/sms")) {
                    String key = call.header("Idempotency-Key");
                    assertThat(key).endsWith(":SMS");
                    String notification = key.substring(0, key.indexOf(':'));
                    assertThat(call.body()).as("the body of a call under key %s", key).contains(notification);
                    delivered.add(notification);
                }
                assertThat(delivered).containsAll(accepted);
                // A send whose 202 the kill cut off may be delivered too; nothing else may.
                assertThat(missingFromTheStore(delivered)).as("delivered but never sent").isEmpty();
            }
        }
    }

    /**
     * {@code kill -9} while 8 senders send to 8 recipients and the recipients mark items read. After a restart, for
     * every recipient the unread and total counts equal a direct count of its items, every 202 is in its inbox and
     * every mark that answered 204 holds: the read models and their positions never drift apart.
     */
    @Test
    void countsEqualTheItemsAfterAKillWhileRecipientsMarkItemsRead() throws Exception {
        assumeThat(Files.exists(JAR)).as("needs the packaged jar; run with ./mvnw verify").isTrue();
        List<String> recipients = List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
        int port = freePort();
        Process herald = launch(port);
        Map<String, Set<String>> accepted = new ConcurrentHashMap<>();
        Set<String> markedRead = ConcurrentHashMap.newKeySet();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealthy(client, port);
            for (String recipient : recipients) {
                request(client, port, "PUT", "/api/v1/recipients/" + recipient, Map.of("locale", "en"));
                tokens.put(recipient, JSON.readTree(request(client, port, "POST", "/api/v1/recipient-tokens",
                        Map.of("recipientId", recipient)).body()).get("token").asText());
                accepted.put(recipient, ConcurrentHashMap.newKeySet());
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(12);
            for (int s = 0; s < 8; s++) {
                int sender = s;
                load.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String recipient = recipients.get((sender + i) % recipients.size());
                        try {
                            HttpResponse<String> response = request(client, port, "POST", "/api/v1/notifications",
                                    Api.inAppNotification(recipient, "sender " + sender + " #" + i));
                            if (response.statusCode() == 202) {
                                accepted.get(recipient)
                                        .add(JSON.readTree(response.body()).get("notificationId").asText());
                            }
                        } catch (IOException | InterruptedException connectionLost) {
                            return;
                        }
                    }
                });
            }
            for (int r = 0; r < 4; r++) {
                int reader = r;
                load.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String recipient = recipients.get((reader * 2 + i) % recipients.size());
                        String bearer = Api.bearer(tokens.get(recipient));
                        try {
                            JsonNode page = JSON.readTree(asRecipient(client, port, "GET",
                                    "/api/v1/me/notifications?limit=5&unread=true", bearer).body());
                            for (JsonNode item : page.path("items")) {
                                String id = item.get("id").asText();
                                if (asRecipient(client, port, "POST", "/api/v1/me/notifications/" + id + "/read",
                                        bearer).statusCode() == 204) {
                                    markedRead.add(id);
                                }
                            }
                        } catch (IOException | InterruptedException connectionLost) {
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> total(accepted) >= 800 && markedRead.size() >= 100);
            herald.destroyForcibly();
            herald.waitFor(30, TimeUnit.SECONDS);
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            herald.destroyForcibly();
        }
        System.out.printf("CrashIT: killed with %d accepted and %d marked read%n", total(accepted),
                          markedRead.size());

        try (RunningHerald restarted = RunningHerald.start(dataDir)) {
            Api api = restarted.api();
            for (String recipient : recipients) {
                String token = tokens.get(recipient);
                await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            List<JsonNode> items = everyItem(api, token);
                            Set<String> ids = new java.util.HashSet<>();
                            items.forEach(item -> ids.add(item.get("id").asText()));
                            assertThat(ids).as("the inbox of %s", recipient).containsAll(accepted.get(recipient));
                            items.stream().filter(item -> markedRead.contains(item.get("id").asText()))
                                    .forEach(item -> assertThat(item.get("read").asBoolean())
                                            .as("marked read: %s", item.get("id")).isTrue());
                            long unread = items.stream().filter(item -> !item.get("read").asBoolean()).count();
                            JsonNode counts = api.unreadCount(token);
                            assertThat(counts.get("total").asLong()).as("total of %s", recipient)
                                    .isEqualTo(items.size());
                            assertThat(counts.get("unread").asLong()).as("unread of %s", recipient)
                                    .isEqualTo(unread);
                        });
            }
        }
    }

    /**
     * {@code kill -9} while a broadcast fans out to a topic of 20,000 subscribers. After a restart the broadcast
     * resumes from its last recorded batch and ends done; every subscriber but the actor has exactly one
     * notification (counted per recipient in the event store, whatever its id), the actor none.
     */
    @Test
    void everySubscriberGetsExactlyOneNotificationAfterAKillDuringFanOut() throws Exception {
        assumeThat(Files.exists(JAR)).as("needs the packaged jar; run with ./mvnw verify").isTrue();
        int subscribers = 20_000;
        List<String> recipients = java.util.stream.IntStream.range(0, subscribers)
                .mapToObj(i -> String.format("s%05d", i)).toList();
        String actor = recipients.get(4_321);
        long startedAt = System.nanoTime();
        int port = freePort();
        Process herald = launch(port);
        String broadcastId;
        long createdAtKill;
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealthy(client, port);
            for (int from = 0; from < subscribers; from += 1_000) {
                List<Map<String, String>> batch = recipients.subList(from, from + 1_000).stream()
                        .map(recipient -> Map.of("recipientId", recipient, "locale", "en")).toList();
                HttpResponse<String> imported = request(client, port, "PUT", "/api/v1/recipients",
                                                        Map.of("recipients", batch));
                assertThat(imported.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(imported.body()).get("created").asInt()).as(imported.body())
                        .isEqualTo(1_000);
            }
            for (int from = 0; from < subscribers; from += 1_000) {
                assertThat(request(client, port, "PUT", "/api/v1/topics/everyone/subscribers",
                        Map.of("recipientIds", recipients.subList(from, from + 1_000))).statusCode()).isEqualTo(204);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> topicSubscribers("everyone") == subscribers);
            System.out.printf("CrashIT: %d recipients registered and subscribed in %.1f s%n", subscribers,
                              (System.nanoTime() - startedAt) / 1e9);

            HttpResponse<String> accepted = request(client, port, "POST", "/api/v1/notifications",
                    Map.of("topic", "everyone", "actor", actor, "category", "news", "channels", List.of("IN_APP"),
                           "title", "To everyone"));
            assertThat(accepted.statusCode()).isEqualTo(202);
            broadcastId = JSON.readTree(accepted.body()).get("broadcastId").asText();
            JsonNode atKill = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> JSON.readTree(request(client, port, "GET", "/api/v1/broadcasts/" + broadcastId, null)
                                                       .body()), status -> status.path("created").asLong() >= 4_000);
            herald.destroyForcibly();
            herald.waitFor(30, TimeUnit.SECONDS);
            createdAtKill = atKill.get("created").asLong();
            assertThat(atKill.get("status").asText()).as("killed during the fan-out").isEqualTo("RUNNING");
        } finally {
            herald.destroyForcibly();
            herald.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.printf("CrashIT: killed with %d notifications recorded of %d, %d sent%n", createdAtKill,
                          subscribers, notificationsPerRecipient().size());

        try (RunningHerald restarted = RunningHerald.start(dataDir)) {
            JsonNode done = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> restarted.http.get().uri("/api/v1/broadcasts/{id}", broadcastId)
                                    .header("Authorization", Api.apiKey(RunningHerald.ADMIN_KEY)).exchange()
                                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                                    .getResponseBody(),
                           status -> "DONE".equals(status.get("status").asText()));
            assertThat(done.get("targeted").asLong()).isEqualTo(subscribers);
            assertThat(done.get("created").asLong()).isEqualTo(subscribers - 1);
            assertThat(done.get("skippedBy").get("ACTOR").asLong()).isEqualTo(1);
        }
        Map<String, Long> perRecipient = notificationsPerRecipient();
        assertThat(perRecipient).as("the actor").doesNotContainKey(actor);
        List<String> notExactlyOnce = recipients.stream().filter(recipient -> !recipient.equals(actor))
                .filter(recipient -> perRecipient.getOrDefault(recipient, 0L) != 1)
                .map(recipient -> recipient + "=" + perRecipient.getOrDefault(recipient, 0L)).toList();
        assertThat(notExactlyOnce).as("subscribers without exactly one notification").isEmpty();
        assertThat(perRecipient).hasSize(subscribers - 1);
        System.out.printf("CrashIT: broadcast test took %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    /**
     * Digests under concurrency and a {@code kill -9}: 50 senders send 2,000 notifications over 3 recipients and 5
     * digest keys (a 3 s window), Herald is killed after about 800 of them were accepted and started again on the
     * same data, and the senders go on (each send under its own {@code Idempotency-Key}, retried until answered).
     * Afterwards GreenMail holds every item answered {@code 202} in exactly one digest email, of its own recipient and
     * key, and no digest email twice. A bad digest is refused with a problem naming the field, before the load.
     */
    @Test
    void everyDigestItemIsInExactlyOneDigestAfterAKill() throws Exception {
        assumeThat(Files.exists(JAR)).as("needs the packaged jar; run with ./mvnw verify").isTrue();
        int sends = 2_000;
        List<String> recipients = List.of("dana", "emil", "fay");
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        long startedAt = System.nanoTime();
        int port = freePort();
        String[] settings = {"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
            "--herald.delivery.connect-timeout=2s", "--herald.delivery.request-timeout=3s",
            "--herald.delivery.watchdog-margin=5s"};
        Process[] herald = {launch(port, settings)};
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealthy(client, port);
            for (String recipient : recipients) {
                request(client, port, "PUT", "/api/v1/recipients/" + recipient,
                        Map.of("email", recipient + "@example.com"));
            }
            for (Map<String, String> bad : List.of(Map.of("key", "a/b", "window", "PT3S"),
                                                   Map.of("key", " ", "window", "PT3S"),
                                                   Map.of("key", "k0", "window", "weekly"))) {
                HttpResponse<String> refused = request(client, port, "POST", "/api/v1/notifications",
                        digestSend("dana", "bad", bad));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                JsonNode problem = JSON.readTree(refused.body());
                assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
                assertThat(problem.get("detail").asText()).startsWith(bad.get("key").equals("k0")
                        ? "digest.window" : "digest.key");
            }

            AtomicInteger next = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(50);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < 50; s++) {
                running.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < sends; i = next.getAndIncrement()) {
                        String recipient = recipients.get(i % recipients.size());
                        String key = keys.get(i / recipients.size() % keys.size());
                        Map<String, Object> send = digestSend(recipient, "item-" + i,
                                                              Map.of("key", key, "window", "PT3S"));
                        int index = i;
                        await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO)
                                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                                .until(() -> request(client, port, "POST", "/api/v1/notifications", send,
                                                     "digest-crash-" + index).statusCode() == 202);
                        accepted.put(i, recipient + "/" + key);
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> accepted.size() >= 800);
            herald[0].destroyForcibly();
            herald[0].waitFor(30, TimeUnit.SECONDS);
            int atKill = accepted.size();
            herald[0] = launch(port, settings);
            for (Future<?> sender : running) {
                sender.get(150, TimeUnit.SECONDS);
            }
            senders.shutdown();
            System.out.printf("CrashIT: digests: killed with %d of %d accepted, all accepted %.1f s after the start%n",
                              atKill, sends, (System.nanoTime() - startedAt) / 1e9);
            assertThat(accepted).hasSize(sends);

            Map<Integer, List<String>> digestsOfItem = new HashMap<>();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                digestsOfItem.clear();
                digestsOfItem.putAll(itemsInDigestEmails(smtp));
                List<String> missing = accepted.keySet().stream().filter(item -> !digestsOfItem.containsKey(item))
                        .sorted().map(item -> item + " " + accepted.get(item)).toList();
                assertThat(missing).as("accepted items in no digest email (of %d emails)",
                                       smtp.getReceivedMessages().length).isEmpty();
            });
            List<String> messageIds = new ArrayList<>();
            for (MimeMessage email : smtp.getReceivedMessages()) {
                messageIds.add(email.getMessageID());
            }
            assertThat(messageIds).as("digest emails, each once").doesNotHaveDuplicates();
            accepted.forEach((item, recipientAndKey) -> assertThat(digestsOfItem.get(item))
                    .as("the digests of item %d", item).containsExactly(recipientAndKey));
            System.out.printf("CrashIT: digests: %d items in %d digest emails, test took %.1f s%n", sends,
                              messageIds.size(), (System.nanoTime() - startedAt) / 1e9);
        } finally {
            herald[0].destroyForcibly();
            herald[0].waitFor(30, TimeUnit.SECONDS);
            smtp.stop();
            Files.copy(dataDir.resolve("herald.log"), Path.of("target", "crashit-digests-herald.log"),
                       java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // The stores as the run left them, to look into a failure after the temporary directory is gone.
            Path kept = Files.createDirectories(Path.of("target", "crashit-digests-data"));
            for (String file : List.of("events.db", "events.db-wal", "delivery.db", "delivery.db-wal", "read-models.db",
                                       "read-models.db-wal")) {
                if (Files.exists(dataDir.resolve(file))) {
                    Files.copy(dataDir.resolve(file), kept.resolve(file),
                               java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Map<String, Object> digestSend(String recipient, String title, Map<String, String> digest) {
        return Map.of("recipientId", recipient, "category", "comments", "channels", List.of("EMAIL", "IN_APP"),
                      "title", title, "digest", digest);
    }

    /**
     * Each item's digests as {@code recipient/key}, one entry per email that lists it: the recipient from the
     * address, the key from the subject ({@code 12 new notifications (k3)}), the items from the body's lines.
     */
    private static Map<Integer, List<String>> itemsInDigestEmails(GreenMail smtp) throws Exception {
        Map<Integer, List<String>> digests = new HashMap<>();
        Pattern subject = Pattern.compile("\\d+ new notifications? \\((k\\d)\\)");
        Pattern line = Pattern.compile("(?m)^- item-(\\d+)$");
        for (MimeMessage email : smtp.getReceivedMessages()) {
            Matcher key = subject.matcher(email.getSubject());
            assertThat(key.matches()).as(email.getSubject()).isTrue();
            String address = email.getAllRecipients()[0].toString();
            String digest = address.substring(0, address.indexOf('@')) + "/" + key.group(1);
            Matcher items = line.matcher(email.getContent().toString().replace("\r\n", "\n"));
            while (items.find()) {
                digests.computeIfAbsent(Integer.parseInt(items.group(1)), item -> new ArrayList<>()).add(digest);
            }
        }
        return digests;
    }

    private long topicSubscribers(String topic) throws Exception {
        try (Connection readModels = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("read-models.db"));
             PreparedStatement count = readModels.prepareStatement(
                     "SELECT COUNT(*) FROM topic_subscribers WHERE topic = ?")) {
            count.setString(1, topic);
            try (ResultSet result = count.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        } catch (java.sql.SQLException notYetCreated) {
            return 0;
        }
    }

    /** Every notification in the event store, counted per recipient from its NotificationSentEvent. */
    private Map<String, Long> notificationsPerRecipient() throws Exception {
        Map<String, Long> counts = new java.util.HashMap<>();
        try (Connection events = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("events.db"));
             PreparedStatement query = events.prepareStatement(
                     "SELECT json_extract(CAST(payload AS TEXT), '$.recipientId'), COUNT(*) FROM DomainEventEntry"
                             + " WHERE payloadType LIKE '%NotificationSentEvent' GROUP BY 1");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static List<JsonNode> everyItem(Api api, String token) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.inbox(token, 100, cursor);
            page.get("items").forEach(items::add);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    private static int total(Map<String, Set<String>> accepted) {
        return accepted.values().stream().mapToInt(Set::size).sum();
    }

    private static HttpResponse<String> asRecipient(HttpClient client, int port, String method, String path,
                                                    String bearer) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", bearer)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> missingFromTheStore(Set<String> notificationIds) throws Exception {
        List<String> missing = new ArrayList<>();
        try (Connection events = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("events.db"));
             PreparedStatement find = events.prepareStatement(
                     "SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?"
                             + " AND payloadType LIKE '%NotificationSentEvent'")) {
            for (String id : notificationIds) {
                find.setString(1, id);
                try (ResultSet result = find.executeQuery()) {
                    result.next();
                    if (result.getLong(1) != 1) {
                        missing.add(id);
                    }
                }
            }
        }
        return missing;
    }

    private Process launch(int port, String... extraArguments) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Daxoniq.update-checker.disabled=true",
                "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + RunningHerald.ADMIN_KEY,
                "--herald.security.jwt-secret=" + RunningHerald.JWT_SECRET));
        command.addAll(List.of(extraArguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("herald.log").toFile())
                .start();
    }

    private static void awaitHealthy(HttpClient client, int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static HttpResponse<String> request(HttpClient client, int port, String method, String path,
                                                Object body) throws IOException, InterruptedException {
        return request(client, port, method, path, body, null);
    }

    private static HttpResponse<String> request(HttpClient client, int port, String method, String path,
                                                Object body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", Api.apiKey(RunningHerald.ADMIN_KEY))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

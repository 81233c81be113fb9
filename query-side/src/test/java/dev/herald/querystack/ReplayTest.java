package dev.herald.querystack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.status.NotificationStatusProjection;
import dev.herald.query.subscription.SubscriptionsProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Replays over the admin API, against the stack as the app runs it: every projection rebuilt while the old read
 * model answers, equal afterwards, and the progress complete.
 */
class ReplayTest {

    /** The same replays with the read models in MongoDB. */
    static class OnMongoDb extends ReplayTest {

        @Override
        QueryStack.Storage storage() {
            return QueryStack.Storage.MONGO;
        }
    }

    private static final List<ProjectionDefinition> PROJECTIONS = List.of(
            InboxProjection.DEFINITION, NotificationStatusProjection.DEFINITION, SubscriptionsProjection.DEFINITION);
    private static final ObjectMapper JSON = new ObjectMapper();
    private QueryStack stack;

    @BeforeEach
    void start() {
        stack = new QueryStack(storage(), "replay-test");
    }

    QueryStack.Storage storage() {
        return QueryStack.Storage.SQLITE;
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aReplayOfEveryProjectionEndsWithEqualReadModelsAndCompleteProgress() throws Exception {
        fill(new Random(5), 400);
        stack.awaitProjections();
        Map<String, List<List<String>>> before = readModels();
        JsonNode countsBefore = get("/api/v1/me/unread-count", "r1");
        long events = head() + 1;

        for (ProjectionDefinition projection : PROJECTIONS) {
            JsonNode started = replay(projection.name());
            assertThat(started.get("name").asText()).isEqualTo(projection.name());
            assertThat(get("/api/v1/me/unread-count", "r1")).as("answered throughout").isEqualTo(countsBefore);
        }
        for (ProjectionDefinition projection : PROJECTIONS) {
            JsonNode report = awaitLive(projection.name());
            assertThat(report.get("servingVersion").asInt()).isEqualTo(2);
            assertThat(report.get("buildingVersion").isNull()).isTrue();
            JsonNode progress = report.get("replay");
            assertThat(progress.get("total").asLong()).isEqualTo(events);
            assertThat(progress.get("processed").asLong()).isEqualTo(progress.get("total").asLong());
            assertThat(progress.get("eta").asText()).isEqualTo("PT0S");
            assertThat(progress.get("eventsPerSecond").asDouble()).isPositive();
            assertThat(progress.get("finishedAt").asText()).isNotEmpty();
            assertThat(report.get("lag").asLong()).isZero();
        }

        assertThat(readModels()).isEqualTo(before);
        assertThat(get("/api/v1/me/unread-count", "r1")).isEqualTo(countsBefore);
        assertThat(inAppStatus("last")).as("the inbox holds it").isEqualTo("DELIVERED");
        assertThat(inAppStatus("skipped")).as("not in the inbox, not delivered").isEqualTo("SKIPPED");
        awaitOldVersionsDropped();
    }

    @Test
    void eventsThatArriveDuringAReplayAreInTheNewReadModel() throws Exception {
        fill(new Random(9), 300);
        stack.awaitProjections();

        replay(InboxProjection.PROCESSING_GROUP);
        for (int i = 0; i < 30; i++) {
            stack.commandSide().sent(Sends.inApp("late" + i, "r" + (i % 3), "billing"));
        }
        awaitLive(InboxProjection.PROCESSING_GROUP);
        stack.awaitProjections();

        for (String recipient : List.of("r0", "r1", "r2", "r3")) {
            List<FakeCommandSide.InboxTruth> truth = stack.commandSide().inbox(recipient);
            JsonNode counts = get("/api/v1/me/unread-count", recipient);
            assertThat(counts.get("total").asLong()).as(recipient)
                    .isEqualTo(truth.stream().filter(item -> !item.archived()).count());
            assertThat(counts.get("unread").asLong()).as(recipient)
                    .isEqualTo(truth.stream().filter(item -> !item.archived() && !item.read()).count());
        }
        assertThat(inAppStatus("late0")).as("placed by a live event during the replay").isEqualTo("DELIVERED");
    }

    @Test
    void aReplayOnAnEmptyStoreFinishesAtOnceAndAnUnknownOrRunningOneIsRefused() throws Exception {
        JsonNode report = replay(InboxProjection.PROCESSING_GROUP);
        assertThat(report.get("replay").get("total").asLong()).isZero();
        JsonNode live = awaitLive(InboxProjection.PROCESSING_GROUP);
        assertThat(live.get("replay").get("processed").asLong()).isZero();

        stack.commandSide().sent(Sends.inApp("n1", "r1", "billing"));
        stack.awaitProjections();
        assertThat(get("/api/v1/me/unread-count", "r1").get("total").asLong()).isEqualTo(1);

        stack.http().post().uri("/api/v1/admin/projections/nope/replay").exchange().expectStatus().isNotFound();
        JsonNode list = JSON.readTree(stack.http().get().uri("/api/v1/admin/projections").exchange()
                                              .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(list).extracting(node -> node.get("name").asText())
                .containsExactly("inbox", "notification-status", "subscriptions", "templates", "topics");
        assertThat(list.get(1).get("replay").isNull()).as("never replayed").isTrue();
        assertThat(list.get(0).get("status").asText()).isEqualTo("LIVE");
    }

    /** Every kind of event each projection handles, for many recipients. */
    private void fill(Random random, int sends) {
        FakeCommandSide commands = stack.commandSide();
        List<String> scheduled = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            String id = "n" + i;
            String recipient = "r" + random.nextInt(12);
            String category = random.nextBoolean() ? "billing" : "security.alerts";
            if (random.nextInt(8) == 0) {
                commands.sent(Sends.send(id, recipient, category, Set.of(Channel.IN_APP, Channel.EMAIL),
                                         Instant.parse("2030-01-01T00:00:00Z")));
                scheduled.add(id);
            } else {
                commands.sent(Sends.send(id, recipient, category, Set.of(Channel.IN_APP, Channel.SMS), null));
                commands.publishFor(id, new DeliveryAttemptStartedEvent(id, recipient, Channel.SMS, 1));
                if (random.nextBoolean()) {
                    commands.publishFor(id, new DeliveryAttemptFailedEvent(id, recipient, Channel.SMS, 1, "busy",
                                                                           true, Instant.now().plusSeconds(60)));
                }
                commands.publishFor(id, new DeliverySucceededEvent(id, recipient, Channel.SMS, 2));
            }
            if (random.nextInt(4) == 0) {
                stack.http().post().uri("/api/v1/me/notifications/{id}/read", id)
                        .header(TestCaller.CALLER, recipient).exchange().expectStatus().isNoContent();
            }
            if (random.nextInt(10) == 0) {
                stack.http().post().uri("/api/v1/me/notifications/{id}/archive", id)
                        .header(TestCaller.CALLER, recipient).exchange().expectStatus().isNoContent();
            }
            if (random.nextInt(20) == 0) {
                stack.http().put().uri("/api/v1/me/subscriptions").header(TestCaller.CALLER, recipient)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("optOuts", List.of(
                                Map.of("category", category, "channels", List.of("EMAIL", "SMS")),
                                Map.of("category", "*", "channels", List.of(random.nextBoolean() ? "PUSH" : "SMS")))))
                        .exchange().expectStatus().isOk();
            }
        }
        for (int i = 0; i < scheduled.size(); i++) {
            if (i % 3 == 0) {
                commands.cancelled(scheduled.get(i));
            } else {
                commands.released(scheduled.get(i));
            }
        }
        commands.sent(Sends.send("last", "r1", "billing", Set.of(Channel.IN_APP), null));
        commands.sent(Sends.send("skipped", "r1", "billing", Set.of(Channel.IN_APP, Channel.EMAIL), null,
                                 Map.of(Channel.IN_APP, SkipReason.OPTED_OUT)));
    }

    /** The documents of every projection's serving version, by projection and collection (names left out). */
    private Map<String, List<List<String>>> readModels() {
        Map<String, List<List<String>>> models = new LinkedHashMap<>();
        for (ProjectionDefinition projection : PROJECTIONS) {
            List<String> names = stack.servingCollections(projection);
            Map<String, List<String>> snapshot = stack.storage().dump(names);
            models.put(projection.name(), names.stream().map(snapshot::get).toList());
        }
        assertThat(models.get(InboxProjection.PROCESSING_GROUP).get(0)).as("inbox items").isNotEmpty();
        assertThat(models.get(SubscriptionsProjection.PROCESSING_GROUP).get(0)).as("opt-outs").isNotEmpty();
        return models;
    }

    private JsonNode replay(String name) throws Exception {
        byte[] body = stack.http().post().uri("/api/v1/admin/projections/{name}/replay", name).exchange()
                .expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private JsonNode awaitLive(String name) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode report = get("/api/v1/admin/projections/" + name, "ops");
            if ("LIVE".equals(report.get("status").asText())) {
                return report;
            }
            QueryStack.sleep(50);
        }
        throw new AssertionError(name + " still replaying: " + get("/api/v1/admin/projections/" + name, "ops"));
    }

    private void awaitOldVersionsDropped() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (stack.storage().count(InboxProjection.ITEMS) > 0
                || stack.storage().count(NotificationStatusProjection.COLLECTION) > 0) {
            assertThat(Instant.now()).as("old versions dropped").isBefore(deadline);
            QueryStack.sleep(50);
        }
    }

    private long head() {
        return stack.bean(EventStore.class).createHeadToken().position().orElseThrow();
    }

    /** IN_APP's status as its sender reads it. */
    private String inAppStatus(String notificationId) throws Exception {
        for (JsonNode channel : get("/api/v1/notifications/" + notificationId, "sender-1").get("channels")) {
            if (channel.get("channel").asText().equals("IN_APP")) {
                return channel.get("status").asText();
            }
        }
        throw new AssertionError("no IN_APP channel in " + notificationId);
    }

    private JsonNode get(String path, String caller) throws Exception {
        byte[] body = stack.http().get().uri(path).header(TestCaller.CALLER, caller).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }
}

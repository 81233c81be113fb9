package dev.herald.query.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.broadcast.BroadcastClaimedEvent;
import dev.herald.api.broadcast.BroadcastCompletedEvent;
import dev.herald.api.broadcast.BroadcastContent;
import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.api.broadcast.BroadcastProgressedEvent;
import dev.herald.api.broadcast.BroadcastStartedEvent;
import dev.herald.api.broadcast.BroadcastState;
import dev.herald.api.broadcast.BroadcastStatus;
import dev.herald.api.broadcast.FindBroadcastQuery;
import dev.herald.api.broadcast.FindRunnableBroadcastsQuery;
import dev.herald.api.topic.FindRecipientTopicsQuery;
import dev.herald.api.topic.FindTopicSubscribersQuery;
import dev.herald.api.topic.TopicSubscribersAddedEvent;
import dev.herald.api.topic.TopicSubscribersPage;
import dev.herald.api.topic.TopicSubscribersRemovedEvent;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.storage.ReadModelContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the topics projection does, whichever storage adapter keeps it: every adapter's test extends this class. */
abstract class TopicsProjectionContract extends ReadModelContract {

    private static final List<String> TABLES = List.of(TopicsProjection.SUBSCRIBERS, TopicsProjection.BROADCASTS);
    private static final Instant T0 = Instant.parse("2030-01-31T09:00:00Z");
    private static final BroadcastContent CONTENT = new BroadcastContent(
            "releases", Priority.NORMAL, Set.of(Channel.IN_APP), "Version 2", "", Map.of(), null);

    private ProjectionVersions versions;
    private TopicsProjection projection;

    @BeforeEach
    void emptyDatabase() {
        versions = storage.versions();
        projection = new TopicsProjection(storage.topicsStore(), versions);
    }

    @Test
    void subscriptionsAreASetPerTopicPagedInRecipientIdOrder() {
        apply(new TopicSubscribersAddedEvent("news", List.of("carol", "alice", "bob")));
        apply(new TopicSubscribersAddedEvent("news", List.of("bob", "dave")));
        apply(new TopicSubscribersAddedEvent("news.eu", List.of("aaron", "alice")));
        apply(new TopicSubscribersRemovedEvent("news", List.of("carol", "nobody")));

        TopicSubscribersPage first = page("news", null, 2);
        assertThat(first.recipientIds()).containsExactly("alice", "bob");
        assertThat(first.next()).isEqualTo("bob");
        TopicSubscribersPage second = page("news", first.next(), 2);
        assertThat(second.recipientIds()).containsExactly("dave");
        assertThat(second.next()).as("the last page").isNull();
        assertThat(page("news.eu", null, 10).recipientIds()).containsExactly("aaron", "alice");
        assertThat(page("unknown", null, 10).recipientIds()).isEmpty();

        assertThat(projection.handle(new FindRecipientTopicsQuery("alice")).topics()).containsExactly("news",
                                                                                                       "news.eu");
        assertThat(projection.handle(new FindRecipientTopicsQuery("carol")).topics()).isEmpty();
    }

    @Test
    void pagesCoverEverySubscriberOnceWhateverTheirNumber() {
        List<String> ids = IntStream.range(0, 2_500).mapToObj(i -> "r" + i).sorted().toList();
        for (int from = 0; from < ids.size(); from += 1_000) {
            apply(new TopicSubscribersAddedEvent("big", ids.subList(from, Math.min(ids.size(), from + 1_000))));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            TopicSubscribersPage page = page("big", after, 1_000);
            seen.addAll(page.recipientIds());
            after = page.next();
        } while (after != null);

        assertThat(seen).isEqualTo(ids);
    }

    @Test
    void aBroadcastShowsItsProgressAndIsRunnableOnlyWhileUnleasedAndNotDone() {
        apply(started("b1"), T0);
        apply(started("b2"), T0.plusSeconds(1));
        assertThat(runnable(T0)).containsExactly("b1", "b2");

        apply(new BroadcastClaimedEvent("b1", "node-1", T0.plusSeconds(10)), T0);
        apply(new BroadcastProgressedEvent("b1", "node-1", "carol", new BroadcastCounts(3, 2, 1, 0),
                                           T0.plusSeconds(12)), T0.plusSeconds(2));
        assertThat(runnable(T0.plusSeconds(5))).as("b1 is leased").containsExactly("b2");
        assertThat(runnable(T0.plusSeconds(13))).as("b1's lease ran out").containsExactly("b1", "b2");
        assertThat(status("b1")).isEqualTo(new BroadcastStatus("b1", "acme", List.of("news"), "alice",
                BroadcastState.RUNNING, 3, 2, 1, Map.of("ACTOR", 1L, "RECIPIENT_NOT_FOUND", 0L,
                                                       "TEMPLATE_RENDERING_FAILED", 0L), T0, null));

        apply(new BroadcastCompletedEvent("b1", new BroadcastCounts(6, 3, 1, 1, 1)), T0.plusSeconds(3));
        assertThat(status("b1")).isEqualTo(new BroadcastStatus("b1", "acme", List.of("news"), "alice",
                BroadcastState.DONE, 6, 3, 3, Map.of("ACTOR", 1L, "RECIPIENT_NOT_FOUND", 1L,
                                                    "TEMPLATE_RENDERING_FAILED", 1L), T0,
                T0.plusSeconds(3)));
        assertThat(runnable(T0.plusSeconds(60))).containsExactly("b2");
        assertThat(projection.handle(new FindBroadcastQuery("unknown"))).isEmpty();
    }

    @Test
    void everyEventAppliedTwiceChangesNothing() {
        List<Object> events = List.of(
                new TopicSubscribersAddedEvent("news", List.of("alice", "bob")),
                new TopicSubscribersAddedEvent("news", List.of("bob", "carol")),
                new TopicSubscribersRemovedEvent("news", List.of("alice")),
                new TopicSubscribersRemovedEvent("sports", List.of("alice")),
                started("b1"),
                new BroadcastClaimedEvent("b1", "node-1", T0.plusSeconds(10)),
                new BroadcastProgressedEvent("b1", "node-1", "bob", new BroadcastCounts(2, 2, 0, 0),
                                             T0.plusSeconds(11)),
                new BroadcastCompletedEvent("b1", new BroadcastCounts(2, 2, 0, 0)));
        for (Object event : events) {
            apply(event, T0);
            Map<String, List<String>> once = storage.dump(TABLES);

            apply(event, T0);

            assertThat(storage.dump(TABLES)).as("twice: " + event).isEqualTo(once);
        }
        assertThat(page("news", null, 10).recipientIds()).containsExactly("bob", "carol");
    }

    @Test
    void aResetBuildsANewVersionThatEqualsTheOldOne() {
        List<Object> events = List.of(
                new TopicSubscribersAddedEvent("news", List.of("alice", "bob")),
                started("b1"),
                new BroadcastCompletedEvent("b1", new BroadcastCounts(2, 2, 0, 0)));
        events.forEach(event -> apply(event, T0));
        Map<String, List<String>> first = storage.dump(TABLES);

        new AnnotationEventHandlerAdapter(projection).prepareReset(null);
        assertThat(page("news", null, 10).recipientIds()).as("the old version answers").hasSize(2);
        events.forEach(event -> apply(event, T0));
        versions.switchOver(TopicsProjection.PROCESSING_GROUP);

        for (String table : TABLES) {
            String rebuilt = ProjectionVersions.collection(table, 2);
            assertThat(storage.dump(List.of(rebuilt)).get(rebuilt)).as(table).isEqualTo(first.get(table));
        }
        assertThat(status("b1").status()).isEqualTo(BroadcastState.DONE);
    }

    private static BroadcastStartedEvent started(String broadcastId) {
        return new BroadcastStartedEvent(broadcastId, "acme", List.of("news"), "alice", CONTENT, "fp");
    }

    private TopicSubscribersPage page(String topic, String after, int limit) {
        return projection.handle(new FindTopicSubscribersQuery(topic, after, limit));
    }

    private List<String> runnable(Instant now) {
        return projection.handle(new FindRunnableBroadcastsQuery(now, 10)).broadcastIds();
    }

    private BroadcastStatus status(String broadcastId) {
        return projection.handle(new FindBroadcastQuery(broadcastId)).orElseThrow();
    }

    private void apply(Object event) {
        apply(event, T0);
    }

    private void apply(Object event, Instant at) {
        try {
            new AnnotationEventHandlerAdapter(projection).handle(
                    new GenericEventMessage<>(GenericEventMessage.asEventMessage(event), () -> at));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

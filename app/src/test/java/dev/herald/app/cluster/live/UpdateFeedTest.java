package dev.herald.app.cluster.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.api.Priority;
import dev.herald.api.inbox.CategoryCount;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The feed's protocol between "nodes" (feeds with their own names and clocks) on a MongoDB-wire server reached over
 * TCP: each entry read once by every other node, in its writer's order, late entries caught by the overlap,
 * nothing remembered or kept for longer than needed.
 */
class UpdateFeedTest {

    private static final Duration OVERLAP = Duration.ofSeconds(5);
    private static final Duration RETENTION = Duration.ofSeconds(30);
    private static final Instant T = Instant.parse("2026-12-04T12:00:00Z");
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private static MongoServer server;
    private static MongoClient client;
    private MongoCollection<Document> entries;

    @BeforeAll
    static void startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void emptyFeed() {
        entries = client.getDatabase("herald").getCollection(UpdateFeed.COLLECTION);
        entries.drop();
    }

    @Test
    void anEntryIsReadOnceByEveryOtherNodeAndNeverByItsWriter() {
        TestClock clock = new TestClock(T);
        UpdateFeed a = started("a", clock);
        UpdateFeed b = started("b", clock);
        UpdateFeed c = started("c", clock);
        List<LiveUpdate> updates = List.of(
                new LiveUpdate.ItemPlaced("r1", item("n1", 7)),
                new LiveUpdate.CountChanged("r1", new UnreadCount(3, 7, Map.of("billing", new CategoryCount(3, 7)))));

        String id = a.append(updates);

        List<UpdateFeed.Entry> atB = b.poll();
        assertThat(atB).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(id);
            assertThat(entry.node()).isEqualTo("a");
            assertThat(entry.writtenAt()).isEqualTo(T.toEpochMilli());
            assertThat(entry.updates()).isEqualTo(updates);
        });
        assertThat(c.poll()).extracting(UpdateFeed.Entry::id).containsExactly(id);
        assertThat(a.poll()).isEmpty();
        clock.advance(Duration.ofMillis(100));
        assertThat(b.poll()).isEmpty();
        assertThat(c.poll()).isEmpty();
    }

    @Test
    void oneNodesEntriesAreReadInTheOrderItWroteThemEvenWhenItsClockStandsStillOrGoesBack() {
        TestClock clockOfA = new TestClock(T);
        UpdateFeed a = started("a", clockOfA);
        UpdateFeed b = started("b", new TestClock(T));

        for (int i = 1; i <= 12; i++) {
            a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("n" + i, i))));
            if (i == 6) {
                clockOfA.advance(Duration.ofMillis(-800));
            }
        }

        assertThat(b.poll()).flatExtracting(UpdateFeed.Entry::updates)
                .extracting(update -> ((LiveUpdate.ItemPlaced) update).item().position())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void anEntryThatAppearsBelowOneAlreadyReadIsStillReadWithinTheOverlap() {
        UpdateFeed fast = started("fast", new TestClock(T));
        UpdateFeed lagging = started("lagging", new TestClock(T.minusSeconds(3)));
        UpdateFeed reader = started("reader", new TestClock(T));

        String first = fast.append(List.of(new LiveUpdate.ItemPlaced("r1", item("n1", 1))));
        assertThat(reader.poll()).extracting(UpdateFeed.Entry::id).containsExactly(first);
        String late = lagging.append(List.of(new LiveUpdate.ItemPlaced("r2", item("n2", 1))));

        assertThat(late).isLessThan(first);
        assertThat(reader.poll()).extracting(UpdateFeed.Entry::id).containsExactly(late);
        assertThat(reader.poll()).isEmpty();
    }

    /** The limit the overlap sets: clocks must agree, and writes land, within it. */
    @Test
    void anEntryStampedFurtherBackThanTheOverlapIsNotRead() {
        UpdateFeed lagging = started("lagging", new TestClock(T.minus(OVERLAP).minusMillis(1)));
        UpdateFeed reader = started("reader", new TestClock(T));

        lagging.append(List.of(new LiveUpdate.ItemPlaced("r1", item("n1", 1))));

        assertThat(reader.poll()).isEmpty();
    }

    @Test
    void aReaderStartsAtTheHead() {
        TestClock clock = new TestClock(T);
        UpdateFeed a = started("a", clock);
        a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("before", 1))));
        UpdateFeed b = new UpdateFeed(entries, JSON, "b", OVERLAP, RETENTION, clock);

        assertThat(b.poll()).as("the first poll of a reader not started yet starts it").isEmpty();
        String after = a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("after", 2))));

        assertThat(b.poll()).extracting(UpdateFeed.Entry::id).containsExactly(after);
    }

    @Test
    void aReaderRemembersOnlyTheIdsInsideTheOverlap() {
        TestClock clock = new TestClock(T);
        UpdateFeed a = started("a", clock);
        UpdateFeed b = started("b", clock);
        for (int i = 1; i <= 3; i++) {
            a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("n" + i, i))));
        }
        assertThat(b.poll()).hasSize(3);
        assertThat(b.remembered()).isEqualTo(3);

        clock.advance(OVERLAP.plusMillis(1));

        assertThat(b.poll()).isEmpty();
        assertThat(b.remembered()).isZero();
    }

    @Test
    void pruningDeletesOnlyEntriesOlderThanTheRetention() {
        TestClock clock = new TestClock(T.minusSeconds(40));
        UpdateFeed a = started("a", clock);
        a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("old", 1))));
        clock.advance(Duration.ofSeconds(30));
        String recent = a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("recent", 2))));
        clock.advance(Duration.ofSeconds(10));
        String now = a.append(List.of(new LiveUpdate.ItemPlaced("r1", item("now", 3))));

        assertThat(started("b", clock).prune()).isEqualTo(1);

        assertThat(entries.find().map(entry -> entry.getString("_id"))).containsExactly(recent, now);
    }

    @Test
    void aRetentionNoLongerThanTheOverlapIsRefused() {
        assertThatThrownBy(() -> new UpdateFeed(entries, JSON, "a", OVERLAP, OVERLAP, new TestClock(T)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private UpdateFeed started(String node, Clock clock) {
        UpdateFeed feed = new UpdateFeed(entries, JSON, node, OVERLAP, RETENTION, clock);
        feed.startAtHead();
        return feed;
    }

    static InboxItem item(String id, long position) {
        return new InboxItem(id, "billing", Priority.HIGH, "Title " + id, "Body of " + id,
                             Map.of("invoice", "INV-1", "amount", 12.5, "lines", List.of(1, 2)), false, false,
                             T.minusMillis(position), position);
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {

        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

package dev.herald.app.cluster.live;

import static dev.herald.app.cluster.live.UpdateFeedTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxItemsSince;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.WatchInboxQuery;
import dev.herald.api.inbox.WatchUnreadCountQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Two nodes' {@link FeedInboxUpdates} on one MongoDB-wire server, each with its own query update emitter and a
 * subscriber on it: what the projection on one node announces reaches both subscribers once, only after the batch
 * committed, and a feed that cannot be written costs the projection nothing.
 */
class FeedInboxUpdatesTest {

    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();
    private static final LiveFeedProperties PROPERTIES =
            new LiveFeedProperties(true, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(30), 10_000);

    private MongoServer server;
    private MongoClient client;
    private Node a;
    private Node b;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        MongoCollection<Document> entries = client.getDatabase("herald").getCollection(UpdateFeed.COLLECTION);
        a = new Node("a", entries, PROPERTIES);
        b = new Node("b", entries, PROPERTIES);
    }

    @AfterEach
    void stop() {
        a.updates.stop();
        b.updates.stop();
        client.close();
        server.shutdownNow();
    }

    @Test
    void aCommittedBatchReachesTheSubscribersOfBothNodesOnceEach() {
        InboxItem first = item("n1", 1);
        InboxItem second = item("n2", 2);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        a.updates.itemPlaced("r1", first);
        a.updates.itemPlaced("r1", second);
        a.updates.countChanged("r1", new UnreadCount(2, 2));
        a.updates.itemPlaced("someone-else", item("n3", 1));

        assertThat(a.items).isEmpty();
        assertThat(client.getDatabase("herald").getCollection(UpdateFeed.COLLECTION).countDocuments()).isZero();
        batch.commit();

        assertThat(a.items).as("the projecting node emits at once").containsExactly(first, second);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(b.items).containsExactly(first, second);
            assertThat(b.counts).containsExactly(new UnreadCount(2, 2));
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(a.items).containsExactly(first, second);
            assertThat(a.counts).containsExactly(new UnreadCount(2, 2));
            assertThat(b.items).containsExactly(first, second);
        });
        assertThat(a.meters.counter("herald.live.feed.published").count()).isEqualTo(4);
        assertThat(b.meters.counter("herald.live.feed.received").count()).isEqualTo(4);
    }

    @Test
    void aBatchThatRollsBackTellsNoOne() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        a.updates.itemPlaced("r1", item("n1", 1));
        batch.rollback();
        b.updates.itemPlaced("r1", item("n2", 1));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.items).hasSize(1));
        assertThat(a.items).extracting(InboxItem::id).containsExactly("n2");
        assertThat(b.items).extracting(InboxItem::id).containsExactly("n2");
        assertThat(a.meters.counter("herald.live.feed.published").count()).isZero();
    }

    @Test
    void aFeedThatCannotBeWrittenNeitherFailsNorStallsTheProjectionAndCountsWhatItDropped() {
        MongoServer down = new MongoServer(new MemoryBackend());
        down.bind("127.0.0.1", 0);
        try (MongoClient unreachable = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(
                        "mongodb://127.0.0.1:" + down.getLocalAddress().getPort() + "/?serverSelectionTimeoutMS=200"))
                .build())) {
            down.shutdownNow();
            Node alone = new Node("alone", unreachable.getDatabase("herald").getCollection(UpdateFeed.COLLECTION),
                                  new LiveFeedProperties(true, Duration.ofMillis(50), Duration.ofSeconds(5),
                                                         Duration.ofSeconds(30), 10));
            try {
                long start = System.nanoTime();
                for (int i = 1; i <= 100; i++) {
                    UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("b" + i));
                    alone.updates.itemPlaced("r1", item("n" + i, i));
                    batch.commit();
                }

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                assertThat(alone.items).hasSize(100);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        alone.meters.counter("herald.live.feed.dropped", "reason", "queue-full").count()
                        + alone.meters.counter("herald.live.feed.dropped", "reason", "write-failed").count())
                        .isEqualTo(100));
                assertThat(alone.meters.counter("herald.live.feed.dropped", "reason", "queue-full").count())
                        .isPositive();
            } finally {
                alone.updates.stop();
            }
        }
    }

    /** One node's side: its feed, its emitter and one subscriber there for r1's items and counts. */
    private static final class Node {

        final MeterRegistry meters = new SimpleMeterRegistry();
        final FeedInboxUpdates updates;
        final Queue<InboxItem> items = new ConcurrentLinkedQueue<>();
        final Queue<UnreadCount> counts = new ConcurrentLinkedQueue<>();

        Node(String name, MongoCollection<Document> entries, LiveFeedProperties properties) {
            SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
            emitter.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(
                            new WatchInboxQuery("r1", null, 10), ResponseTypes.instanceOf(InboxItemsSince.class),
                            ResponseTypes.instanceOf(InboxItem.class)), 1024)
                    .getUpdates().map(SubscriptionQueryUpdateMessage::getPayload)
                    .subscribe(update -> items.add((InboxItem) update));
            emitter.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(
                            new WatchUnreadCountQuery("r1"), ResponseTypes.instanceOf(UnreadCount.class),
                            ResponseTypes.instanceOf(UnreadCount.class)), 1024)
                    .getUpdates().map(SubscriptionQueryUpdateMessage::getPayload)
                    .subscribe(update -> counts.add((UnreadCount) update));
            UpdateFeed feed = new UpdateFeed(entries, JSON, name, properties.overlap(), properties.retention(),
                                             Clock.systemUTC());
            updates = new FeedInboxUpdates(feed, emitter, properties, meters, Clock.systemUTC());
            updates.start();
        }
    }
}

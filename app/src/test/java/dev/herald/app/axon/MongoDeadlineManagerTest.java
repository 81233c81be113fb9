package dev.herald.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.NoOpSpanFactory;
import org.assertj.core.groups.Tuple;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link MongoDeadlineManager}s ("nodes") on one database of the MongoDB-wire test double, reached through the
 * real driver, each delivering to its own recording scope, the way two Herald nodes share one MongoDB.
 */
class MongoDeadlineManagerTest {

    private static final String DEADLINE = "probe-deadline";
    private static final Duration LEASE = Duration.ofSeconds(5);

    private final Serializer serializer = new AxonInfrastructureConfiguration().eventSerializer();
    private final Queue<Fired> fired = new ConcurrentLinkedQueue<>();
    private final List<MongoDeadlineManager> nodes = new ArrayList<>();
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> deadlines;

    /** The payload of a test deadline. */
    record Ping(String key) {
    }

    record Fired(String node, String key, Instant at, MetaData metaData) {
    }

    @BeforeEach
    void startMongo() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        deadlines = client.getDatabase("herald").getCollection(MongoDeadlineManager.COLLECTION);
    }

    @AfterEach
    void stopAll() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.clear(CurrentUnitOfWork.get());
        }
        nodes.forEach(MongoDeadlineManager::shutdown);
        client.close();
        server.shutdownNow();
    }

    @Test
    void eachDeadlineFiresExactlyOnceAcrossTwoNodes() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        MongoDeadlineManager b = node("b", LEASE, Probe.recording());
        Instant now = Instant.now();
        int count = 200;
        for (int i = 0; i < count; i++) {
            (i % 2 == 0 ? a : b).schedule(now.plusMillis(i * 5L), DEADLINE, new Ping("p" + i), scope("s" + i));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() >= count);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fired.size() == count);
        assertThat(fired.stream().map(Fired::key).collect(Collectors.toSet())).hasSize(count);
        assertThat(fired).extracting(Fired::node).contains("a", "b"); // the two really raced for them
        await().atMost(Duration.ofSeconds(5)).until(() -> deadlines.countDocuments() == 0);
    }

    @Test
    void aDeadlineFiresWithItsPayloadAndMetaDataNoEarlierThanDue() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        Instant due = Instant.now().plusMillis(600);

        a.schedule(due, DEADLINE, new GenericMessage<>(new Ping("p"), Map.of("traceId", "t-1")), scope("s"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !fired.isEmpty());
        Fired only = fired.peek();
        assertThat(only.key()).isEqualTo("p");
        assertThat(only.metaData()).containsEntry("traceId", "t-1");
        assertThat(only.at()).isAfterOrEqualTo(due);
    }

    @Test
    void aDeadlineSetByANodeThatIsGoneForGoodFiresOnAnother() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        a.schedule(Duration.ofMillis(800), DEADLINE, new Ping("left-behind"), scope("s"));
        a.shutdown();

        node("b", LEASE, Probe.recording());

        await().atMost(Duration.ofSeconds(10)).until(() -> !fired.isEmpty());
        assertThat(fired).extracting(Fired::node, Fired::key).containsExactly(
                Tuple.tuple("b", "left-behind"));
    }

    @Test
    void aLeaseHeldByANodeThatStoppedAnsweringRunsOutAndAnotherNodeFiresTheDeadline() throws InterruptedException {
        CountDownLatch aIsStuck = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Probe hangs = (message, scope) -> {
            aIsStuck.countDown();
            never.await(); // a node that hangs (or died) holding its claim; with one thread it claims nothing more
        };
        MongoDeadlineManager a = node("a", Duration.ofSeconds(1), 1, MongoDeadlineManager.Affinity.ANY_NODE, hangs);
        a.schedule(Instant.now(), DEADLINE, new Ping("claimed-by-a"), scope("s"));
        assertThat(aIsStuck.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(deadlines.find().first()).containsEntry("leaseOwner", "a");

        node("b", Duration.ofSeconds(1), Probe.recording());

        await().atMost(Duration.ofSeconds(10)).until(() -> !fired.isEmpty());
        assertThat(fired).extracting(Fired::node).containsExactly("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> deadlines.countDocuments() == 0);
        never.countDown(); // a comes back to its old claim: its delete no longer matches, nothing else changes
    }

    @Test
    void aDeadlineScheduledInAUnitOfWorkWaitsForItsCommit() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        node("b", LEASE, Probe.recording());
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("step"));
        a.schedule(Instant.now(), DEADLINE, new Ping("committed"), scope("s"));

        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(fired::isEmpty);
        assertThat(deadlines.countDocuments()).isOne(); // written ahead, held by the unit of work

        unitOfWork.commit();
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 1);
    }

    @Test
    void aDeadlineScheduledInAUnitOfWorkThatRollsBackIsGone() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("step"));
        a.schedule(Instant.now(), DEADLINE, new Ping("rolled-back"), scope("s"));

        unitOfWork.rollback();

        assertThat(deadlines.countDocuments()).isZero();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(fired::isEmpty);
    }

    @Test
    void aDeadlineWrittenAheadOfACommitThatNeverCameFiresOnceItsHoldRunsOut() {
        MongoDeadlineManager a = node("a", Duration.ofSeconds(1), Probe.recording());
        DefaultUnitOfWork<Message<?>> unitOfWork =
                DefaultUnitOfWork.startAndGet(new GenericMessage<>("step of a node that dies before its commit"));
        a.schedule(Instant.now(), DEADLINE, new Ping("orphan"), scope("s"));
        CurrentUnitOfWork.clear(unitOfWork); // neither commits nor rolls back: the node is gone
        a.shutdown();

        node("b", Duration.ofSeconds(1), Probe.recording());

        // The saga ignores such a deadline (its step never committed); firing it is what keeps a committed one safe.
        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
        assertThat(fired.peek().node()).isEqualTo("b");
    }

    @Test
    void cancelOnOneNodeStopsADeadlineSetOnAnother() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        MongoDeadlineManager b = node("b", LEASE, Probe.recording());
        String cancelled = a.schedule(Duration.ofMillis(700), DEADLINE, new Ping("cancelled"), scope("s1"));
        a.schedule(Duration.ofMillis(700), DEADLINE, new Ping("scope-cancelled-1"), scope("s2"));
        a.schedule(Duration.ofMillis(700), DEADLINE, new Ping("scope-cancelled-2"), scope("s2"));
        a.schedule(Duration.ofMillis(700), "other-deadline", new Ping("other-name"), scope("s2"));
        a.schedule(Duration.ofMillis(700), DEADLINE, new Ping("kept"), scope("s3"));

        b.cancelSchedule(DEADLINE, cancelled);
        b.cancelAllWithinScope(DEADLINE, scope("s2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fired.size() == 2);
        assertThat(fired).extracting(Fired::key).containsExactlyInAnyOrder("other-name", "kept");
    }

    @Test
    void cancelAllOnOneNodeStopsEveryDeadlineOfThatName() {
        MongoDeadlineManager a = node("a", LEASE, Probe.recording());
        MongoDeadlineManager b = node("b", LEASE, Probe.recording());
        a.schedule(Duration.ofMillis(700), DEADLINE, new Ping("x"), scope("s1"));
        b.schedule(Duration.ofMillis(700), DEADLINE, new Ping("y"), scope("s2"));
        a.schedule(Duration.ofMillis(700), "other-deadline", new Ping("z"), scope("s3"));

        b.cancelAll(DEADLINE);

        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fired.size() == 1);
        assertThat(fired.peek().key()).isEqualTo("z");
    }

    @Test
    void aFailingDeadlineIsRetriedNotLost() {
        AtomicInteger deliveries = new AtomicInteger();
        Probe failingTwice = (message, scope) -> {
            if (deliveries.incrementAndGet() <= 2) {
                throw new IllegalStateException("the saga store is unreachable");
            }
            record(message, "a");
        };
        node("a", LEASE, failingTwice).schedule(Instant.now(), DEADLINE, new Ping("retried"), scope("s"));

        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
        assertThat(deliveries).hasValue(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> deadlines.countDocuments() == 0);
    }

    @Test
    void aSagasDeadlineFiresOnlyOnTheNodeThatHoldsTheSagasSegment() {
        Segment[] halves = Segment.ROOT_SEGMENT.split();
        HeldSegments aHolds = new HeldSegments(halves[0]);
        MongoDeadlineManager a = node("a", LEASE, 4, aHolds, Probe.recording());
        node("b", LEASE, 4, new HeldSegments(halves[1]), Probe.recording());
        int count = 40;
        for (int i = 0; i < count; i++) {
            a.schedule(Instant.now(), DEADLINE, new Ping("saga-" + i), scope("saga-" + i));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> fired.size() == count);
        assertThat(fired).allSatisfy(deadline -> assertThat(deadline.node())
                .isEqualTo(halves[0].matches(deadline.key()) ? "a" : "b"));
        assertThat(fired).extracting(Fired::node).contains("a", "b");
    }

    @Test
    void aSagasDeadlineWaitsUntilSomeNodeHoldsTheSagasSegment() {
        HeldSegments aHolds = new HeldSegments();
        MongoDeadlineManager a = node("a", LEASE, 4, aHolds, Probe.recording());
        a.schedule(Instant.now(), DEADLINE, new Ping("saga-1"), scope("saga-1"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(fired::isEmpty);

        aHolds.segments = List.of(Segment.ROOT_SEGMENT); // a took the processor's segment over

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 1);
    }

    /** Routes every probe scope by its identifier, as Axon places sagas; holds what the test gives it. */
    static final class HeldSegments implements MongoDeadlineManager.Affinity {

        volatile List<Segment> segments;

        HeldSegments(Segment... segments) {
            this.segments = List.of(segments);
        }

        @Override
        public MongoDeadlineManager.Route routeOf(ScopeDescriptor scope) {
            return new MongoDeadlineManager.Route("probes", ((SagaScopeDescriptor) scope).getIdentifier().hashCode());
        }

        @Override
        public Map<String, List<Segment>> heldSegments() {
            return Map.of("probes", segments);
        }
    }

    private MongoDeadlineManager node(String name, Duration lease, Probe probe) {
        return node(name, lease, 4, MongoDeadlineManager.Affinity.ANY_NODE, probe);
    }

    private MongoDeadlineManager node(String name, Duration lease, int threads, MongoDeadlineManager.Affinity affinity,
                                      Probe probe) {
        MongoDeadlineManager.Settings settings = new MongoDeadlineManager.Settings(
                Duration.ofMillis(50), lease, threads, Duration.ofMillis(100), Duration.ofSeconds(1));
        Probe delivering = probe == Probe.RECORDING ? (message, scope) -> record(message, name) : probe;
        ScopeAware component = new ScopeAware() {
            @Override
            public void send(Message<?> message, ScopeDescriptor scope) throws Exception {
                delivering.deliver((DeadlineMessage<?>) message, scope);
            }

            @Override
            public boolean canResolve(ScopeDescriptor scope) {
                return scope instanceof SagaScopeDescriptor saga && saga.getType().equals("Probe");
            }
        };
        MongoDeadlineManager manager = new MongoDeadlineManager(
                deadlines, affinity, scope -> Stream.of(component), serializer, NoTransactionManager.INSTANCE,
                DefaultDeadlineManagerSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build(),
                settings, name, Clock.systemUTC());
        manager.start();
        nodes.add(manager);
        return manager;
    }

    private void record(DeadlineMessage<?> message, String node) {
        fired.add(new Fired(node, ((Ping) message.getPayload()).key(), message.getTimestamp(), message.getMetaData()));
    }

    private static ScopeDescriptor scope(String id) {
        return new SagaScopeDescriptor("Probe", id);
    }

    /** What a node's scope does with a deadline delivered to it. */
    @FunctionalInterface
    interface Probe {

        Probe RECORDING = (message, scope) -> {
        };

        void deliver(DeadlineMessage<?> message, ScopeDescriptor scope) throws Exception;

        static Probe recording() {
            return RECORDING;
        }
    }
}

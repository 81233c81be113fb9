package dev.herald.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each with its own connection, token store name and processors (a pooled one with four segments, a
 * tracking one with one), sharing one MongoDB-wire server for tokens and heartbeats, as two Herald nodes do. Timings
 * are scaled down: heartbeat 200 ms, node timeout 1 s, claim timeout 3 s.
 */
class SegmentBalancerTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(3);
    private static final long CLAIM_INTERVAL_MS = 200;
    private static final Set<Integer> ALL_FOUR = Set.of(0, 1, 2, 3);

    private MongoServer server;
    private String uri;
    private EmbeddedEventStore events;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void startStores() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(Node::close);
        events.shutDown();
        server.shutdownNow();
    }

    @Test
    void segmentsSpreadEvenlyOverTwoNodesAndStayPut() {
        Node a = node("node-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.inbox().equals(ALL_FOUR) && a.delivery().size() == 1);

        Node b = node("node-b");

        await().atMost(Duration.ofSeconds(10)).until(() -> evenlySplit(a, b));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> evenlySplit(a, b));
        assertThat(a.delivery()).containsExactly(0);
        assertThat(b.delivery()).isEmpty();
    }

    @Test
    void theSurvivorTakesOverTheShareOfANodeThatDiedWithinTheClaimTimeout() {
        Node a = node("node-a");
        Node b = node("node-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> evenlySplit(a, b));

        long diedAt = System.nanoTime();
        a.die();

        await().atMost(CLAIM_TIMEOUT.plusSeconds(4))
                .until(() -> b.inbox().equals(ALL_FOUR) && b.delivery().size() == 1);
        Duration takeover = Duration.ofNanos(System.nanoTime() - diedAt);
        assertThat(takeover).isLessThan(CLAIM_TIMEOUT.plusSeconds(3));
    }

    @Test
    void aNodeThatStopsHandsItsSegmentsOverAtOnce() {
        Node a = node("node-a");
        Node b = node("node-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> evenlySplit(a, b));

        b.close();

        await().atMost(CLAIM_TIMEOUT).until(() -> a.inbox().equals(ALL_FOUR) && a.delivery().size() == 1);
    }

    @Test
    void gatheringBringsEverySegmentToTheAskingNodeUntilReleased() {
        Node a = node("node-a");
        Node b = node("node-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> evenlySplit(a, b));

        assertThat(b.balancer.gather("inbox", Duration.ofSeconds(10))).isTrue();

        assertThat(b.inbox()).isEqualTo(ALL_FOUR);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> a.inbox().isEmpty());

        b.balancer.release("inbox");

        await().atMost(Duration.ofSeconds(10)).until(() -> evenlySplit(a, b));
    }

    private static boolean evenlySplit(Node a, Node b) {
        Set<Integer> both = new TreeSet<>(a.inbox());
        both.addAll(b.inbox());
        return a.inbox().size() == 2 && b.inbox().size() == 2 && both.equals(ALL_FOUR)
                && a.delivery().size() + b.delivery().size() == 1;
    }

    private Node node(String id) {
        Node node = new Node(id);
        nodes.add(node);
        return node;
    }

    /** One Herald node's event processing: its own connection, token store name, processors and balancer. */
    private final class Node {

        private final MongoClient client = MongoClients.create(new ConnectionString(uri));
        private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(4);
        private final PooledStreamingEventProcessor inbox;
        private final TrackingEventProcessor delivery;
        final SegmentBalancer balancer;
        private boolean closed;

        Node(String id) {
            MongoTokenStore tokens = MongoTokenStore.builder()
                    .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "herald").build())
                    .serializer(JacksonSerializer.defaultSerializer())
                    .claimTimeout(CLAIM_TIMEOUT)
                    .nodeId(id)
                    .build();
            SimpleEventHandlerInvoker handlers = SimpleEventHandlerInvoker.builder()
                    .eventHandlers((EventMessageHandler) event -> null)
                    .build();
            inbox = PooledStreamingEventProcessor.builder()
                    .name("inbox")
                    .eventHandlerInvoker(handlers)
                    .messageSource(events)
                    .tokenStore(tokens)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .coordinatorExecutor(threads)
                    .workerExecutor(threads)
                    .initialSegmentCount(4)
                    .tokenClaimInterval(CLAIM_INTERVAL_MS)
                    .claimExtensionThreshold(500)
                    .build();
            delivery = TrackingEventProcessor.builder()
                    .name("delivery")
                    .eventHandlerInvoker(handlers)
                    .messageSource(events)
                    .tokenStore(tokens)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                            .forSingleThreadedProcessing()
                            .andInitialSegmentsCount(1)
                            .andTokenClaimInterval(CLAIM_INTERVAL_MS, TimeUnit.MILLISECONDS)
                            .andEventAvailabilityTimeout(200, TimeUnit.MILLISECONDS))
                    .build();
            Map<String, StreamingEventProcessor> processors = Map.of("inbox", inbox, "delivery", delivery);
            balancer = new SegmentBalancer(new NodeId(id),
                                           new NodeHeartbeats(client.getDatabase("herald")), () -> processors,
                                           tokens::fetchSegments, name -> false, name -> null,
                                           new ClusterProperties(id, HEARTBEAT, NODE_TIMEOUT), Clock.systemUTC());
            inbox.start();
            delivery.start();
            balancer.start();
        }

        Set<Integer> inbox() {
            return Set.copyOf(inbox.processingStatus().keySet());
        }

        Set<Integer> delivery() {
            return Set.copyOf(delivery.processingStatus().keySet());
        }

        /** Loses its database for good, as a killed process does: no heartbeat, no claim extended or released. */
        void die() {
            client.close();
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            balancer.stop();
            inbox.shutDown();
            delivery.shutDown();
            threads.shutdownNow();
            client.close();
        }
    }
}

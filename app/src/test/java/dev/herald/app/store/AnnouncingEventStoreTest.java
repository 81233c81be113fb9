package dev.herald.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.DataDirectory;
import dev.herald.app.HeraldProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pooled processors on the embedded store hear of new events from the store, not from a timer. Every poll that could
 * otherwise find an event (the processor's own look every token claim interval or claim extension threshold, and
 * the store's fetch of other processes' events, where a test does not need it) is ten minutes away, and each test
 * waits one minute at most: an event that arrives at all was announced.
 */
class AnnouncingEventStoreTest {

    private static final Duration NEVER_IN_THIS_TEST = Duration.ofMinutes(10);
    private static final Duration PROMPTLY = Duration.ofMinutes(1);

    @TempDir
    Path dataDir;
    private final EmbeddedEventStoreConfiguration configuration = new EmbeddedEventStoreConfiguration();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
    private HikariDataSource writer;
    private HikariDataSource reader;
    private WalGroupSync groupSync;
    private EventStorageEngine engine;
    private AnnouncingEventStore store;
    private PooledStreamingEventProcessor processor;

    @BeforeEach
    void openStorage() {
        HeraldProperties properties = new HeraldProperties(dataDir, Set.of(), null, null,
                new HeraldProperties.EventStore(HeraldProperties.EventStore.Flush.GROUP));
        DataDirectory directory = new DataDirectory(properties);
        writer = configuration.eventStoreWriter(directory, properties);
        reader = configuration.eventStoreReader(directory);
        groupSync = configuration.walGroupSync(directory);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        engine = configuration.eventStorageEngine(writer, reader,
                configuration.commandStorage(writer, groupSync, properties), serializer, serializer);
    }

    @AfterEach
    void closeStorage() throws InterruptedException {
        if (processor != null) {
            processor.shutDown();
        }
        coordinator.shutdownNow();
        workers.shutdownNow();
        if (store != null) {
            store.shutDown();
        }
        groupSync.close();
        reader.close();
        writer.close();
    }

    @RepeatedTest(20) // a race shows in a few runs of a hundred under load, not in one
    void streamRunsItsCallbackOnceAnAppendedEventCanBeRead() throws InterruptedException {
        openStore(NEVER_IN_THIS_TEST);
        try (TrackingEventStream stream = store.openStream(null)) {
            assertThat(stream.hasNextAvailable()).isFalse();
            CountDownLatch announced = new CountDownLatch(1);
            assertThat(stream.setOnAvailableCallback(announced::countDown)).isTrue();

            store.publish(event("n-1", 0, "sent"));

            assertThat(announced.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("sent");
        }
    }

    @Test
    void idleProcessorIsWokenByEveryAppendLongBeforeItsOwnPoll() {
        openStore(NEVER_IN_THIS_TEST);
        startProcessor();
        store.publish(event("n-0", 0, "first"));
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(handled).containsExactly("first"));
        // Its stream announces, so Axon's coordinator dropped its fixed 500 ms poll for the ten-minute look.
        assertThat(store.listeningStreams()).isEqualTo(1);

        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 1; i <= 3; i++) {
            store.publish(event("n-" + i, 0, "sent " + i));
            expected.add("sent " + i);
            await().atMost(PROMPTLY).untilAsserted(() -> assertThat(handled).containsExactlyElementsOf(expected));
        }
    }

    /** Written to the file behind the store's back, as another process would: the store's own fetch finds it. */
    @Test
    void eventAppendedByAnotherProcessArrivesWithTheStoresFetch() {
        openStore(Duration.ofMillis(200));
        startProcessor();
        store.publish(event("n-0", 0, "first"));
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(handled).containsExactly("first"));

        engine.appendEvents(event("n-9", 0, "from elsewhere"));

        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(handled).containsExactly("first", "from elsewhere"));
    }

    @Test
    void streamsStopListeningWhenClosed() {
        openStore(NEVER_IN_THIS_TEST);
        startProcessor();
        await().atMost(PROMPTLY).until(() -> store.listeningStreams() == 1);

        processor.shutDown();
        processor = null;

        await().atMost(PROMPTLY).until(() -> store.listeningStreams() == 0);
    }

    private void openStore(Duration fetchDelay) {
        store = AnnouncingEventStore.of(EmbeddedEventStore.builder()
                .storageEngine(engine)
                .fetchDelay(fetchDelay.toMillis())
                .timeUnit(TimeUnit.MILLISECONDS));
    }

    /** A processor that would look for new events by itself only every ten minutes. */
    private void startProcessor() {
        processor = PooledStreamingEventProcessor.builder()
                .name("probe")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Recorder()).build())
                .messageSource(store)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(2)
                .tokenClaimInterval(NEVER_IN_THIS_TEST.toMillis())
                .claimExtensionThreshold(NEVER_IN_THIS_TEST.toMillis())
                .build();
        processor.start();
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Notification", aggregate, sequence, payload);
    }

    private final class Recorder {

        @EventHandler
        void on(String payload) {
            handled.add(payload);
        }
    }
}

package dev.herald.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.app.cluster.ProcessorLag.State;
import dev.herald.query.replay.StreamPositions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * herald_processor_state of a real pooled processor as it is stopped, runs, is rebuilt, fails a batch (and keeps
 * retrying it) and recovers.
 */
class ProcessorStateTest {

    private static final String NAME = "inbox";

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private final Handler handler = new Handler();
    private final ProcessorFailures failures = new ProcessorFailures(Clock.systemUTC());
    private final PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
            .name(NAME)
            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler)
                                         .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
            .messageSource(store)
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(NoTransactionManager.INSTANCE)
            .coordinatorExecutor(Executors.newSingleThreadScheduledExecutor())
            .workerExecutor(Executors.newScheduledThreadPool(1))
            .initialSegmentCount(1)
            .errorHandler(failures)
            .build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProcessorLag lag = new ProcessorLag(() -> Map.<String, StreamingEventProcessor>of(NAME, processor),
                                                      name -> rebuilding.get(), failures::isFailing,
                                                      StreamPositions.ofTokens(() -> store), meters,
                                                      Duration.ofHours(1));

    @BeforeEach
    void trackRecovery() {
        processor.registerHandlerInterceptor(failures.recoveryOf(NAME));
    }

    @AfterEach
    void stop() {
        processor.shutDown();
        store.shutDown();
    }

    @Test
    void theGaugeOfTheCurrentStateIsOneAndTheOthersZero() {
        lag.measure();
        assertThat(state()).isEqualTo("stopped");

        processor.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> state().equals("running")
                                                           && processor.processingStatus().size() == 1);

        rebuilding.set(true);
        assertThat(state()).isEqualTo("replaying");
        rebuilding.set(false);

        store.publish(GenericEventMessage.asEventMessage("poison"));
        await().atMost(Duration.ofSeconds(30)).until(() -> state().equals("error"));

        handler.healed.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> state().equals("running"));
        assertThat(lag.state(NAME)).isEqualTo(State.RUNNING);
    }

    /** The one state whose gauge reads 1; fails when there is not exactly one. */
    private String state() {
        var ones = meters.get(ProcessorLag.STATE_METER).tag("processor", NAME).gauges().stream()
                .filter(gauge -> gauge.value() == 1).map(gauge -> gauge.getId().getTag("state")).toList();
        assertThat(ones).hasSize(1);
        return ones.get(0);
    }

    static final class Handler {

        private final AtomicBoolean healed = new AtomicBoolean();

        @EventHandler
        void on(String payload) {
            if (payload.equals("poison") && !healed.get()) {
                throw new IllegalStateException("cannot handle " + payload);
            }
        }
    }
}

package dev.herald.query.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk rebuild keeps the processor's contract: every event once and in order, told whether it is a replay as
 * the processor would tell it, and the tokens stored with each batch, so that a failure leaves them after the last
 * batch that committed and nothing is applied twice when the processor goes on.
 */
class BulkRebuildTest {

    private static final String PROCESSOR = "counted";
    private static final int SEGMENTS = 2;

    private EmbeddedEventStore store;
    private InMemoryTokenStore tokens;

    @BeforeEach
    void setUp() {
        store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        tokens = new InMemoryTokenStore();
        tokens.initializeTokenSegments(PROCESSOR, SEGMENTS);
    }

    @AfterEach
    void tearDown() {
        store.shutDown();
    }

    @Test
    void everyEventOnceInOrderWithTheReplayStatusAndTheTokensOfTheLastBatch() throws Exception {
        publish(0, 8);
        resetAfter(7);
        publish(8, 13);
        Recorder recorder = new Recorder(-1);

        long read = rebuild(recorder, 4).run(StreamPositions.ofTokens(() -> store), position -> { });

        assertThat(read).isEqualTo(13);
        assertThat(recorder.handled).containsExactlyElementsOf(IntStream.range(0, 13).boxed().toList());
        // Events up to the position the tokens stood at when reset are a replay, later ones are not.
        assertThat(recorder.replays).containsExactlyElementsOf(
                IntStream.range(0, 13).mapToObj(i -> i <= 7).toList());
        for (int segment = 0; segment < SEGMENTS; segment++) {
            TrackingToken token = tokens.fetchToken(PROCESSOR, segment);
            assertThat(ReplayToken.isReplay(token)).isFalse();
            assertThat(token.position()).hasValue(12);
        }
    }

    @Test
    void aFailedBatchLeavesTheTokensAfterTheLastCommittedOne() throws Exception {
        publish(0, 10);
        resetAfter(9);
        Recorder failing = new Recorder(6);

        assertThatThrownBy(() -> rebuild(failing, 4).run(StreamPositions.ofTokens(() -> store), position -> { }))
                .hasMessageContaining("event 6");
        for (int segment = 0; segment < SEGMENTS; segment++) {
            TrackingToken token = tokens.fetchToken(PROCESSOR, segment);
            assertThat(ReplayToken.isReplay(token)).isTrue();
            assertThat(token.position()).hasValue(3);
        }

        Recorder after = new Recorder(-1);
        rebuild(after, 4).run(StreamPositions.ofTokens(() -> store), position -> { });
        assertThat(after.handled).containsExactlyElementsOf(IntStream.range(4, 10).boxed().toList());
    }

    private BulkRebuild rebuild(Recorder recorder, int batchSize) {
        return new BulkRebuild(PROCESSOR, SimpleEventHandlerInvoker.builder().eventHandlers(recorder)
                                       .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build(),
                               NoTransactionManager.instance(), tokens, store, batchSize);
    }

    private void publish(int from, int to) {
        IntStream.range(from, to).forEach(i -> store.publish(GenericEventMessage.asEventMessage(new Counted(i))));
    }

    /** As a processor's reset leaves them: replay tokens from the start, remembering where each segment stood. */
    private void resetAfter(long position) {
        TrackingToken at = store.createHeadToken();
        assertThat(at.position()).hasValue(position);
        for (int segment = 0; segment < SEGMENTS; segment++) {
            tokens.fetchToken(PROCESSOR, segment);
            tokens.storeToken(ReplayToken.createReplayToken(at, null), PROCESSOR, segment);
            tokens.releaseClaim(PROCESSOR, segment);
        }
    }

    record Counted(int number) {
    }

    static final class Recorder {

        final List<Integer> handled = new ArrayList<>();
        final List<Boolean> replays = new ArrayList<>();
        private final int failAt;

        Recorder(int failAt) {
            this.failAt = failAt;
        }

        @EventHandler
        void on(Counted event, ReplayStatus status) {
            if (event.number() == failAt) {
                throw new IllegalStateException("event " + failAt + " fails");
            }
            handled.add(event.number());
            replays.add(status.isReplay());
        }
    }
}

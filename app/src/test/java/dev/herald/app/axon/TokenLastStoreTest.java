package dev.herald.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

/**
 * A batch's token reaches the store only after the batch's other prepare-commit steps, although the processor asks
 * to store it first (as Axon's pooled processor does); outside a committing batch it is stored at once.
 */
class TokenLastStoreTest {

    private static final String PROCESSOR = "delivery";
    private final WritesAtOnce stored = new WritesAtOnce();
    private final TokenLastStore store = new TokenLastStore(stored);
    private final List<String> seen = new ArrayList<>();

    @Test
    void aBatchsTokenIsStoredAfterItsOtherWrites() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.onPrepareCommit(u -> store.storeToken(token(7), PROCESSOR, 0));
        batch.onPrepareCommit(u -> seen.add("saga written, token then " + storedIndex()));
        batch.commit();

        assertThat(seen).containsExactly("saga written, token then -1");
        assertThat(storedIndex()).isEqualTo(7);
    }

    @Test
    void aBatchWhoseWriteFailsKeepsItsOldToken() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.onPrepareCommit(u -> store.storeToken(token(7), PROCESSOR, 0));
        batch.onPrepareCommit(u -> {
            throw new IllegalStateException("saga store unavailable");
        });

        assertThatThrownBy(batch::commit).hasMessage("saga store unavailable");
        assertThat(storedIndex()).isEqualTo(-1);
    }

    @Test
    void aTokenStoredOutsideACommittingBatchIsStoredAtOnce() {
        store.storeToken(token(3), PROCESSOR, 0);
        assertThat(storedIndex()).isEqualTo(3);

        UnitOfWork<?> handling = DefaultUnitOfWork.startAndGet(null);
        store.storeToken(token(4), PROCESSOR, 0);
        assertThat(storedIndex()).isEqualTo(4);
        handling.commit();
    }

    private long storedIndex() {
        TrackingToken token = stored.fetchToken(PROCESSOR, 0);
        return token == null ? -1 : ((GlobalSequenceTrackingToken) token).getGlobalIndex();
    }

    /** Writes each token the moment it is asked to, as MongoDB's token store does (Axon's in-memory one waits). */
    private static final class WritesAtOnce implements TokenStore {

        private final Map<Integer, TrackingToken> tokens = new ConcurrentHashMap<>();

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            tokens.put(segment, token);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            return tokens.get(segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return new int[] {0};
        }
    }

    private static TrackingToken token(long index) {
        return new GlobalSequenceTrackingToken(index);
    }
}

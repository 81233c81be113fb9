package dev.herald.query.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;

/**
 * Rebuilds a projection from the events its processor was reset to, while the processor is stopped: the events are
 * read straight from the store and handed to the projection's own handlers in large batches, each in one unit of
 * work and transaction of the processor's transaction manager, which also stores every segment's token. That is
 * the processor's contract (a batch's writes and its tokens commit together), without its per-event machinery:
 * a JFR profile of a replay through the pooled processor (2026-12-06) had its work-package threads taking turns at
 * the read-model file's single writer lock, the coordinator walking its work queues
 * ({@code ConcurrentLinkedQueue.size}) for every event and segment, and tracing spans and interceptors around
 * every event; only about a quarter of the replay's time was the read-model writes. Axon offers no bulk path for a
 * replay, hence this class.
 *
 * <p>One thread reads and deserializes the next batch while another applies the current one. The build ends when
 * the stream has nothing more at once; the caller then starts the processor, which continues from the stored tokens
 * (still replay tokens where the reset position is not reached). A crash or stop part way leaves the tokens of the
 * last committed batch, so the processor goes on from there: no event is applied twice or lost.
 */
final class BulkRebuild {

    static final int BATCH_SIZE = 5_000;
    private static final Object END = new Object();

    private final String processorName;
    private final EventHandlerInvoker invoker;
    private final TransactionManager transactions;
    private final TokenStore tokenStore;
    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final int batchSize;

    BulkRebuild(String processorName, EventHandlerInvoker invoker, TransactionManager transactions,
                TokenStore tokenStore, StreamableMessageSource<TrackedEventMessage<?>> source, int batchSize) {
        this.batchSize = batchSize;
        this.processorName = processorName;
        this.invoker = invoker;
        this.transactions = transactions;
        this.tokenStore = tokenStore;
        this.source = source;
    }

    /**
     * Applies every event after the tokens the processor was reset to, as far as the stream reaches now.
     *
     * @param progress told the token of each applied batch, as a stream position
     * @return how many events were read
     * @throws InterruptedException when the thread is interrupted; what was committed stays
     */
    long run(StreamPositions positions, LongConsumer progress) throws Exception {
        int[] segments = tokenStore.fetchSegments(processorName);
        if (segments.length == 0) {
            return 0;
        }
        TrackingToken[] tokens = new TrackingToken[segments.length];
        transactions.executeInTransaction(() -> {
            for (int i = 0; i < segments.length; i++) {
                tokens[i] = tokenStore.fetchToken(processorName, segments[i]);
            }
        });
        TrackingToken from = lowerBound(tokens);
        BlockingQueue<Object> batches = new ArrayBlockingQueue<>(2);
        Reader reader = new Reader(from, batches);
        Thread readerThread = new Thread(reader, "herald-rebuild-read-" + processorName);
        readerThread.setDaemon(true);
        readerThread.start();
        long read = 0;
        try {
            while (true) {
                Object next = batches.take();
                if (next == END) {
                    break;
                }
                if (next instanceof Exception e) {
                    throw e;
                }
                @SuppressWarnings("unchecked")
                List<TrackedEventMessage<?>> batch = (List<TrackedEventMessage<?>>) next;
                apply(batch, segments, tokens);
                read += batch.size();
                positions.position(batch.get(batch.size() - 1).trackingToken()).ifPresent(progress::accept);
            }
        } finally {
            readerThread.interrupt();
            readerThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        return read;
    }

    /** One batch: the handled events through the handlers, then every segment's token, in one transaction. */
    private void apply(List<TrackedEventMessage<?>> batch, int[] segments, TrackingToken[] tokens) throws Exception {
        List<EventMessage<?>> handled = new ArrayList<>(batch.size());
        TrackedEventMessage<?> last = batch.get(batch.size() - 1);
        for (TrackedEventMessage<?> event : batch) {
            if (invoker.canHandleType(event.getPayloadType())) {
                // As the processor would see it: tracked with segment 0's token advanced to it, so that a handler
                // asking whether this is a replay is told what the processor would tell it.
                handled.add(tracked(event, advanced(tokens[0], event.trackingToken())));
            }
        }
        TrackingToken[] advanced = new TrackingToken[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            advanced[i] = advanced(tokens[i], last.trackingToken());
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(
                handled.isEmpty() ? List.<EventMessage<?>>of(last) : handled);
        unitOfWork.attachTransaction(transactions);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            if (!handled.isEmpty()) {
                invoker.handle(unitOfWork.getMessage(), Segment.ROOT_SEGMENT);
            }
            if (unitOfWork.isLastMessage()) {
                // Registered last, so the tokens follow the projection's own prepare-commit writes (see
                // EventBatches): where no transaction spans both, the tokens are never ahead of the writes.
                unitOfWork.onPrepareCommit(committing -> {
                    for (int i = 0; i < segments.length; i++) {
                        tokenStore.storeToken(advanced[i], processorName, segments[i]);
                    }
                });
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof Exception e ? e : new IllegalStateException(failure);
        }
        System.arraycopy(advanced, 0, tokens, 0, tokens.length);
    }

    private static EventMessage<?> tracked(TrackedEventMessage<?> event, TrackingToken token) {
        if (event instanceof DomainEventMessage<?> domain) {
            return new GenericTrackedDomainEventMessage<>(token, domain);
        }
        return new GenericTrackedEventMessage<>(token, event);
    }

    /** A segment's token once it handled the event at {@code position}, as the processor advances it. */
    private static TrackingToken advanced(TrackingToken token, TrackingToken position) {
        return token instanceof ReplayToken replay ? replay.advancedTo(position) : position;
    }

    /** Where to read from: the position no segment has passed. */
    private static TrackingToken lowerBound(TrackingToken[] tokens) {
        TrackingToken lowest = null;
        for (int i = 0; i < tokens.length; i++) {
            TrackingToken position = WrappedToken.unwrapLowerBound(tokens[i]);
            if (position == null) {
                return null;
            }
            lowest = i == 0 ? position : lowest.lowerBound(position);
        }
        return lowest;
    }

    /** Reads batches and deserializes their handled payloads, ahead of the thread that applies them. */
    private final class Reader implements Runnable {

        private final TrackingToken from;
        private final BlockingQueue<Object> batches;

        Reader(TrackingToken from, BlockingQueue<Object> batches) {
            this.from = from;
            this.batches = batches;
        }

        @Override
        public void run() {
            try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(from)) {
                List<TrackedEventMessage<?>> batch = new ArrayList<>(batchSize);
                while (stream.hasNextAvailable()) {
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    if (invoker.canHandleType(event.getPayloadType())) {
                        // Both are parsed once, on first use: here rather than on the thread that applies them.
                        event.getPayload();
                        event.getTimestamp();
                    }
                    batch.add(event);
                    if (batch.size() == batchSize) {
                        batches.put(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                if (!batch.isEmpty()) {
                    batches.put(batch);
                }
                batches.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                try {
                    batches.put(e);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

package dev.herald.bench;

import dev.herald.app.store.OfflineStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Herald's embedded event store, opened on a data directory exactly as the default profile opens it (through the
 * app's {@link OfflineStores}), with group-commit durability. The benchmark suite uses it while no Herald runs on the
 * directory, to seed events and to measure the store's own ceilings.
 */
public final class BenchEventStore implements AutoCloseable {

    private final OfflineStores stores;
    private final EventStorageEngine engine;

    private BenchEventStore(Path dataDir) {
        this.stores = OfflineStores.open(dataDir);
        this.engine = stores.engine();
    }

    public static BenchEventStore open(Path dataDir) {
        return new BenchEventStore(dataDir);
    }

    /**
     * Appends the events in transactions of {@code batchSize}, the fastest way into the store, then waits for one
     * group flush so that all of them are durable.
     *
     * @return how many were appended
     */
    public long appendInBatches(Iterator<? extends DomainEventMessage<?>> events, int batchSize) {
        long appended = 0;
        List<DomainEventMessage<?>> batch = new ArrayList<>(batchSize);
        while (events.hasNext()) {
            batch.add(events.next());
            if (batch.size() == batchSize || !events.hasNext()) {
                List<DomainEventMessage<?>> transaction = List.copyOf(batch);
                stores.transactionManager().executeInTransaction(() -> engine.appendEvents(transaction));
                appended += transaction.size();
                batch.clear();
            }
        }
        awaitDurable();
        return appended;
    }

    /**
     * Appends {@code count} events the way Herald's command bus does, one transaction per command: {@code workers}
     * threads each append one event in its own transaction on the single writer connection, and each of
     * {@code concurrency} callers waits for its commit to be flushed (the shared group sync) before it sends the
     * next, as an HTTP client waits for its 202.
     *
     * @return the number of events appended
     */
    public long appendLikeCommands(int count, int concurrency, int workers, IntFunction<DomainEventMessage<?>> event)
            throws InterruptedException {
        ExecutorService commandThreads = Executors.newFixedThreadPool(workers);
        AtomicInteger next = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try {
            for (int c = 0; c < concurrency; c++) {
                Thread caller = new Thread(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            DomainEventMessage<?> message = event.apply(i);
                            commandThreads.submit(() -> stores.transactionManager().executeInTransaction(
                                    () -> engine.appendEvents(message))).get(1, TimeUnit.MINUTES);
                            stores.whenDurable().get(1, TimeUnit.MINUTES);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | TimeoutException | RuntimeException e) {
                        failures.add(e);
                    }
                }, "bench-append-" + c);
                caller.start();
                callers.add(caller);
            }
            for (Thread caller : callers) {
                caller.join();
            }
        } finally {
            commandThreads.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("appends failed", failures.get(0));
        }
        return Math.min(count, next.get());
    }

    /**
     * Streams every event the way the event processors read them (the reader pool, Axon's batched tracking
     * query), deserializing each payload when asked to, as a handler must.
     *
     * @return how many events were read
     */
    public long readAll(boolean deserializePayloads) {
        long read = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
            while (events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                if (deserializePayloads && event.getPayload() == null) {
                    throw new IllegalStateException("event without payload at " + event.trackingToken());
                }
                read++;
            }
        }
        return read;
    }

    /** Whether the aggregate has any event in the store. */
    public boolean contains(String aggregateIdentifier) {
        return engine.lastSequenceNumberFor(aggregateIdentifier).isPresent();
    }

    /** The token of the newest event: where a processor stands once it has handled everything. */
    public TrackingToken headToken() {
        return engine.createHeadToken();
    }

    private void awaitDurable() {
        try {
            stores.whenDurable().get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the flush", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the flush failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stores.close();
    }
}

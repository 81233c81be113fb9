package dev.herald.app.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.annotation.Nonnull;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Sends the command side's work (appends, aggregate and snapshot reads) to the engine on the single writer
 * connection, and the event processors' streaming reads to the engine on the reader pool. SQLite allows one writer
 * at a time; keeping every write on one connection means no write ever waits on a lock or fails with a stale
 * snapshot, and in WAL mode the readers never block it.
 */
class ReadWriteSplitEventStorageEngine implements EventStorageEngine {

    private final EventStorageEngine writer;
    private final EventStorageEngine reader;

    ReadWriteSplitEventStorageEngine(EventStorageEngine writer, EventStorageEngine reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public void appendEvents(@Nonnull List<? extends EventMessage<?>> events) {
        writer.appendEvents(events);
    }

    @Override
    public void storeSnapshot(@Nonnull DomainEventMessage<?> snapshot) {
        writer.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(@Nonnull String aggregateIdentifier, long firstSequenceNumber) {
        return writer.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(@Nonnull String aggregateIdentifier) {
        return writer.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(@Nonnull String aggregateIdentifier) {
        return writer.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return reader.readEvents(trackingToken, mayBlock);
    }

    @Override
    public TrackingToken createTailToken() {
        return reader.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return reader.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(@Nonnull Instant dateTime) {
        return reader.createTokenAt(dateTime);
    }
}

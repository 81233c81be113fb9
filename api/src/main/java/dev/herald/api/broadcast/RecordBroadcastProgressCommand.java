package dev.herald.api.broadcast;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.AggregateIds;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Every subscriber up to and including {@code cursor} (in recipient id order) has been handled; {@code batch} counts
 * the subscribers after the previous cursor. Only the runner holding the claim may record; a cursor that is not
 * beyond the recorded one is a repeat and changes nothing.
 */
public record RecordBroadcastProgressCommand(String broadcastId, String runnerId,
                                             String cursor, BroadcastCounts batch, Duration lease) {

    public RecordBroadcastProgressCommand {
        requireNonBlank(broadcastId, "broadcastId");
        requireNonBlank(runnerId, "runnerId");
        requireNonBlank(cursor, "cursor");
        requireNonNull(batch, "batch");
        requireNonNull(lease, "lease");
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.broadcast(broadcastId);
    }
}

package dev.herald.api.broadcast;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.AggregateIds;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A fan-out runner asks to run the broadcast for the lease's length. Granted when nobody holds it, the runner holds
 * it already, or the holder's lease ran out (it died or stalled); otherwise rejected with {@code BROADCAST_CLAIMED}.
 * Answered with the {@link BroadcastWork} to resume from. Every recorded progress renews the lease.
 */
public record ClaimBroadcastCommand(String broadcastId, String runnerId, Duration lease) {

    public ClaimBroadcastCommand {
        requireNonBlank(broadcastId, "broadcastId");
        requireNonBlank(runnerId, "runnerId");
        requireNonNull(lease, "lease");
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.broadcast(broadcastId);
    }
}

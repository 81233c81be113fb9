package dev.herald.api.broadcast;

import static dev.herald.api.Checks.requireNonBlank;

import dev.herald.api.AggregateIds;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The runner holding the claim found no subscriber after the cursor: the broadcast is done. A repeat is a no-op. */
public record CompleteBroadcastCommand(String broadcastId, String runnerId) {

    public CompleteBroadcastCommand {
        requireNonBlank(broadcastId, "broadcastId");
        requireNonBlank(runnerId, "runnerId");
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.broadcast(broadcastId);
    }
}

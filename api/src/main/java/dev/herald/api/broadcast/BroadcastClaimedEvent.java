package dev.herald.api.broadcast;

import java.time.Instant;

/** A runner holds the broadcast until {@code leaseUntil} unless it records progress (which renews it). */
public record BroadcastClaimedEvent(String broadcastId, String runnerId, Instant leaseUntil) {
}

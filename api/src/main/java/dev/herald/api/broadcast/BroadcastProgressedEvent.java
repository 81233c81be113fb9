package dev.herald.api.broadcast;

import java.time.Instant;

/** Subscribers up to {@code cursor} are handled; {@code totals} are the counts so far; the lease is renewed. */
public record BroadcastProgressedEvent(String broadcastId, String runnerId, String cursor, BroadcastCounts totals,
                                       Instant leaseUntil) {
}

package dev.herald.api.broadcast;

/** Every subscriber has been handled; the final counts. */
public record BroadcastCompletedEvent(String broadcastId, BroadcastCounts totals) {
}

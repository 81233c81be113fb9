package dev.herald.api.broadcast;

/** A broadcast's progress, answered with an Optional {@link BroadcastStatus}. */
public record FindBroadcastQuery(String broadcastId) {
}

package dev.herald.api.broadcast;

/** The answer to a {@link StartBroadcastCommand}; {@code repeated} when the same request had started it already. */
public record StartBroadcastResult(String broadcastId, boolean repeated) {
}

package dev.herald.api.broadcast;

import java.time.Instant;

/**
 * Broadcasts not yet done whose lease (if any) ends before {@code now}, oldest first, at most {@code limit}:
 * candidates for a runner to claim. Answered with {@link RunnableBroadcasts}.
 */
public record FindRunnableBroadcastsQuery(Instant now, int limit) {
}

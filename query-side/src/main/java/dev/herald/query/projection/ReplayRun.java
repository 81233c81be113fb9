package dev.herald.query.projection;

import java.time.Instant;

/**
 * The latest rebuild of a projection. Positions are event-stream positions: the replay goes through the events
 * after {@code fromPosition} up to {@code headPosition}, the head of the stream when it began.
 *
 * @param finishedAt null while it runs
 */
public record ReplayRun(Instant startedAt, long fromPosition, long headPosition, Instant finishedAt) {

    public long total() {
        return Math.max(0, headPosition - fromPosition);
    }

    ReplayRun finished(Instant at) {
        return new ReplayRun(startedAt, fromPosition, headPosition, at);
    }
}

package dev.herald.query.replay;

import java.time.Instant;

/**
 * How far the latest replay of a projection got: {@code processed} of {@code total} events (the stream up to its
 * head when the replay began), the rate so far, and the time left at that rate as an ISO-8601 duration
 * ({@code PT0S} once finished, null while nothing is known).
 */
public record ReplayProgress(long processed, long total, double eventsPerSecond, String eta, Instant startedAt,
                             Instant finishedAt) {
}

package dev.herald.query.status;

import java.time.Instant;

/** One attempt on a channel: when it started (or, if its start was never recorded, when it ended) and its error. */
record AttemptRecord(int attempt, Instant at, String error) {
}

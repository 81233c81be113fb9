package dev.herald.query.status;

import java.time.Instant;

/**
 * One attempt on a channel: when it started (or, if its start was never recorded, when it ended), its error, and the
 * provider it went to (null when its events named none).
 */
record AttemptRecord(int attempt, Instant at, String error, String provider) {
}

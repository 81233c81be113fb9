package dev.herald.app.axon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deadlines (delivery retries, attempt watchdogs, scheduled sends) on the {@code mongo} and {@code axon-server}
 * profiles, kept in MongoDB and fired by whichever node claims them first ({@link MongoDeadlineManager}). The default
 * profile keeps them in the node's own {@code delivery.db} and ignores these settings.
 *
 * @param pollInterval how often a node asks for due deadlines when none was due (at once when it schedules one due
 *                     sooner)
 * @param lease        how long a node holds a deadline it fires; a node that dies holding one delays it by at most this
 *                     long. Keep it well above the clock skew between nodes
 * @param threads      deadlines one node fires at once
 * @param firstBackoff how long a deadline whose handling failed waits before it is due again; doubled per attempt
 * @param maxBackoff   the longest such wait
 */
@ConfigurationProperties("herald.deadlines")
public record DeadlineProperties(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("30s") Duration lease,
                                 @DefaultValue("4") int threads, @DefaultValue("1s") Duration firstBackoff,
                                 @DefaultValue("5m") Duration maxBackoff) {

    public DeadlineProperties {
        if (pollInterval.isNegative() || pollInterval.isZero() || lease.compareTo(pollInterval) <= 0) {
            throw new IllegalArgumentException("herald.deadlines: poll-interval must be positive and lease longer");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("herald.deadlines.threads must be at least 1");
        }
    }

    MongoDeadlineManager.Settings settings() {
        return new MongoDeadlineManager.Settings(pollInterval, lease, threads, firstBackoff, maxBackoff);
    }
}

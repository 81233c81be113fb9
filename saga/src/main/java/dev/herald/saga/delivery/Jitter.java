package dev.herald.saga.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Picks a retry delay at random between zero and a bound ("full jitter"); tests substitute a fixed choice. */
@FunctionalInterface
public interface Jitter {

    /** A delay between zero and {@code bound}, both included. */
    Duration upTo(Duration bound);

    static Jitter uniform() {
        return bound -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound.toMillis() + 1));
    }
}

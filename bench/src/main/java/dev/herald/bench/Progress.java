package dev.herald.bench;

import java.time.Duration;

/** What the suite is doing, on stderr, so that a long run shows where it is; the results go to stdout. */
final class Progress {

    private static final long STARTED = System.nanoTime();

    private Progress() {
    }

    static void log(String format, Object... args) {
        long seconds = Duration.ofNanos(System.nanoTime() - STARTED).toSeconds();
        System.err.printf("[%3d:%02d] %s%n", seconds / 60, seconds % 60, String.format(format, args));
    }
}

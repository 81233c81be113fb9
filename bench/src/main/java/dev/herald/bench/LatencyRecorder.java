package dev.herald.bench;

import java.util.Arrays;

/**
 * Every latency of a run, kept exactly (a run records at most a few hundred thousand), recorded from any thread.
 * Exact values rather than a histogram, so that a percentile is a value that really occurred.
 */
final class LatencyRecorder {

    /** Stands for a response that never came; it sorts after every real latency. */
    static final long NEVER = Long.MAX_VALUE;

    private long[] values = new long[4_096];
    private int size;

    synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized LatencySummary summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return LatencySummary.of(sorted);
    }
}

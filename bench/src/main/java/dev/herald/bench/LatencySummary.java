package dev.herald.bench;

/**
 * Percentiles of one run's latencies in milliseconds. A latency that never completed ({@link LatencyRecorder#NEVER})
 * counts as infinitely slow: when more than 1 % of the requests never completed, p99 is infinite, which is what it
 * is, rather than the p99 of the lucky ones.
 */
record LatencySummary(int count, double p50, double p90, double p99, double max) {

    static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static LatencySummary of(long[] sortedNanos) {
        if (sortedNanos.length == 0) {
            return EMPTY;
        }
        return new LatencySummary(sortedNanos.length, millis(Stats.percentile(sortedNanos, 50)),
                                  millis(Stats.percentile(sortedNanos, 90)), millis(Stats.percentile(sortedNanos, 99)),
                                  millis(sortedNanos[sortedNanos.length - 1]));
    }

    private static double millis(long nanos) {
        return nanos == LatencyRecorder.NEVER ? Double.POSITIVE_INFINITY : nanos / 1_000_000.0;
    }
}

package dev.herald.bench;

import java.util.Arrays;
import java.util.Collection;

/** The two statistics the suite reports: nearest-rank percentiles within a run, medians across runs. */
final class Stats {

    private Stats() {
    }

    /**
     * The nearest-rank percentile: the smallest recorded value such that at least {@code p} % of the values are at
     * most it. Always a value that occurred, never an interpolation.
     *
     * @param sorted ascending, not empty
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /**
     * The median of the runs' figures, NaN ignored (a run where the figure was unavailable); NaN when no run has
     * it. With an even count, the mean of the middle two.
     */
    static double median(Collection<Double> values) {
        double[] known = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(known);
        int middle = known.length / 2;
        if (known.length % 2 == 1) {
            return known[middle];
        }
        return (known[middle - 1] + known[middle]) / 2;
    }
}

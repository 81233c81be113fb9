package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentileIsTheNearestRankNeverAnInterpolation() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Stats.percentile(hundred, 50)).isEqualTo(50);
        assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Stats.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Stats.percentile(new long[] {10, 20, 30, 40}, 50)).isEqualTo(20);
        assertThat(Stats.percentile(new long[] {10, 20, 30, 40}, 51)).isEqualTo(30);
        assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void p99OfASmallSampleIsItsMaximum() {
        assertThat(Stats.percentile(LongStream.rangeClosed(1, 50).toArray(), 99)).isEqualTo(50);
    }

    @Test
    void percentileRefusesNonsense() {
        assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianOfOddAndEvenCountsIgnoringRunsWithoutTheFigure() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(5.0, Double.NaN, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Stats.median(List.of(Double.NaN))).isNaN();
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void aRunThatNeverFinishedKeepsTheMedianInfiniteOnlyWhenMostDid() {
        assertThat(Stats.median(List.of(1.0, Double.POSITIVE_INFINITY, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(1.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY))).isInfinite();
    }

    @Test
    void summaryCountsResponsesThatNeverCameAsInfinitelySlow() {
        LatencyRecorder recorder = new LatencyRecorder();
        LongStream.rangeClosed(1, 98).forEach(ms -> recorder.record(ms * 1_000_000));
        recorder.record(LatencyRecorder.NEVER);
        recorder.record(LatencyRecorder.NEVER);
        LatencySummary summary = recorder.summary();
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isEqualTo(50.0);
        assertThat(summary.p90()).isEqualTo(90.0);
        assertThat(summary.p99()).isInfinite();
    }

    @Test
    void recorderGrowsBeyondItsFirstCapacityAndSortsWhatItSummarises() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long i = 10_000; i > 0; i--) {
            recorder.record(i * 1_000);
        }
        LatencySummary summary = recorder.summary();
        assertThat(summary.count()).isEqualTo(10_000);
        assertThat(summary.p50()).isEqualTo(5.0);
        assertThat(summary.max()).isEqualTo(10.0);
        assertThat(new LatencyRecorder().summary()).isEqualTo(LatencySummary.EMPTY);
    }
}

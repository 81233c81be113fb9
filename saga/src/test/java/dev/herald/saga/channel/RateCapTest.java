package dev.herald.saga.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateCapTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long MILLI = Duration.ofMillis(1).toNanos();

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final RateCap tenPerSecond = new RateCap(10, Duration.ofSeconds(1), Duration.ofSeconds(1), now::get);

    @Test
    void callsStartUpToTheLimitThenWaitForOneToEnd() {
        for (int i = 0; i < 10; i++) {
            assertThat(tenPerSecond.tryStart()).isZero();
        }

        assertThat(tenPerSecond.tryStart()).isEqualTo(RateCap.UNTIL_A_CALL_ENDS);
    }

    @Test
    void anEndedCallCountsForOnePeriodAfterItsEnd() {
        for (int i = 0; i < 10; i++) {
            tenPerSecond.tryStart();
        }
        now.addAndGet(300 * MILLI);
        tenPerSecond.end();
        now.addAndGet(400 * MILLI);

        assertThat(tenPerSecond.tryStart()).isEqualTo(600 * MILLI);
        now.addAndGet(600 * MILLI - 1);
        assertThat(tenPerSecond.tryStart()).isEqualTo(1);
        now.incrementAndGet();
        assertThat(tenPerSecond.tryStart()).isZero();
        assertThat(tenPerSecond.tryStart()).isEqualTo(RateCap.UNTIL_A_CALL_ENDS);
    }

    @Test
    void aCancelledCallDoesNotCount() {
        for (int i = 0; i < 10; i++) {
            tenPerSecond.tryStart();
        }
        tenPerSecond.cancel();

        assertThat(tenPerSecond.tryStart()).isZero();
    }

    @Test
    void endingACallThatNeverStartedIsAMistake() {
        assertThatThrownBy(tenPerSecond::end).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Many calls of random latency, started as soon as the cap allows, each received by the provider at a random
     * moment between its start and its end: no window of one second holds more than ten receptions.
     */
    @Test
    void noSlidingWindowEverHoldsMoreThanTheLimitWhateverTheLatency() {
        Random random = new Random(11);
        List<long[]> running = new ArrayList<>();
        List<Long> received = new ArrayList<>();
        while (received.size() < 2_000) {
            now.addAndGet(random.nextInt(30) * MILLI);
            running.removeIf(call -> {
                if (call[1] > now.get()) {
                    return false;
                }
                received.add(call[0] + (long) (random.nextDouble() * (now.get() - call[0])));
                tenPerSecond.end();
                return true;
            });
            while (running.size() < 4 && tenPerSecond.tryStart() == 0) {
                running.add(new long[] {now.get(), now.get() + random.nextInt(400) * MILLI});
            }
        }

        List<Long> sorted = received.stream().sorted().toList();
        for (int i = 0; i + 10 < sorted.size(); i++) {
            assertThat(sorted.get(i + 10) - sorted.get(i)).as("receptions %d to %d", i, i + 10)
                                                          .isGreaterThanOrEqualTo(SECOND);
        }
        assertThat(sorted.get(sorted.size() - 1) - sorted.get(0)).as("the cap is not far below its rate")
                                                                 .isLessThan(2_000 * SECOND / 10 * 2);
    }
}

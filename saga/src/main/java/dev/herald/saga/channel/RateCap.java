package dev.herald.saga.channel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A provider's send rate: at most {@code limit} calls reach the provider in any window of {@code period}, for every
 * window, not only for windows aligned to some cycle. A call counts from the moment it starts until {@code period}
 * after it ended; a new call may start only while fewer than {@code limit} calls count. Whatever the call's latency,
 * the provider receives each call between its start and its end, so any {@code limit + 1} calls it receives are at
 * least {@code period} apart: the {@code limit + 1}th could only start once one of the others had ended
 * {@code period} before.
 *
 * <p>Written here rather than taken from Resilience4j or Bucket4j because both count a permit at the moment it is
 * granted: they bound when calls start, and Resilience4j's fixed cycles (like a token bucket whose capacity is the
 * rate) even let twice the rate through across a cycle boundary. A bucket of capacity one that spaces grants by
 * {@code period / limit} does bound the starts in every window, but at the full rate the starts are exactly that far
 * apart, and a call whose connection or thread is a millisecond slower than the next one's lets the provider see
 * {@code limit + 1} in one window. Neither library holds a permit for a call's duration.
 *
 * <p>Thread-safe; the clock is {@link System#nanoTime} outside tests.
 */
public final class RateCap implements ProviderRateCap {

    private final int limit;
    private final long periodNanos;
    private final Duration maxWait;
    private final LongSupplier nanoTime;
    private final Deque<Long> recentEnds = new ArrayDeque<>();
    private int running;

    /**
     * @param maxWait how long an attempt waits for this provider, when it is at its cap, before the channel's next
     *                provider may take it instead
     */
    public RateCap(int limit, Duration period, Duration maxWait, LongSupplier nanoTime) {
        if (limit < 1 || period.isNegative() || period.isZero() || maxWait.isNegative()) {
            throw new IllegalArgumentException("a rate cap needs limit >= 1, a positive period and a max-wait >= 0");
        }
        this.limit = limit;
        this.periodNanos = period.toNanos();
        this.maxWait = maxWait;
        this.nanoTime = nanoTime;
    }

    public RateCap(int limit, Duration period, Duration maxWait) {
        this(limit, period, maxWait, System::nanoTime);
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    @Override
    public Duration maxWait() {
        return maxWait;
    }

    /**
     * Starts a call if the cap has room: 0, and the caller must {@link #end} or {@link #cancel} it. Otherwise the
     * nanoseconds until room may come, or {@link #UNTIL_A_CALL_ENDS} when only a running call's end can make it.
     */
    @Override
    public synchronized long tryStart() {
        long now = nanoTime.getAsLong();
        while (!recentEnds.isEmpty() && now - recentEnds.peekFirst() >= periodNanos) {
            recentEnds.pollFirst();
        }
        if (running + recentEnds.size() < limit) {
            running++;
            return 0;
        }
        return recentEnds.isEmpty() ? UNTIL_A_CALL_ENDS : recentEnds.peekFirst() + periodNanos - now;
    }

    /** The call started by {@link #tryStart} has ended: it counts for one more {@code period}. */
    @Override
    public synchronized void end() {
        requireRunning();
        running--;
        recentEnds.addLast(nanoTime.getAsLong());
    }

    /** The call started by {@link #tryStart} was not made after all: it does not count. */
    @Override
    public synchronized void cancel() {
        requireRunning();
        running--;
    }

    private void requireRunning() {
        if (running == 0) {
            throw new IllegalStateException("no call of this rate cap is running");
        }
    }
}

package dev.herald.saga.channel;

import java.time.Duration;

/**
 * A provider's send rate, as the delivery workers use it: at most {@link #limit} calls reach the provider in any
 * window of {@link #period}. A call counts from its start until {@code period} after its end. {@link RateCap} keeps
 * the count in the process (one node); a cluster keeps it in its shared store, so the rate holds for all nodes
 * together.
 */
public interface ProviderRateCap {

    /** What {@link #tryStart} answers when only a call that is still running can make room. */
    long UNTIL_A_CALL_ENDS = Long.MAX_VALUE;

    int limit();

    Duration period();

    /** How long an attempt waits for this provider, when it is at its cap, before the channel's next provider. */
    Duration maxWait();

    /**
     * Starts a call if the cap has room: 0, and the caller must {@link #end} or {@link #cancel} it. Otherwise the
     * nanoseconds until room may come, or {@link #UNTIL_A_CALL_ENDS} when only a running call's end can make it.
     */
    long tryStart();

    /** A call started by {@link #tryStart} has ended: it counts for one more {@code period}. */
    void end();

    /** A call started by {@link #tryStart} was not made after all: it does not count. */
    void cancel();

    /** Makes the cap of one provider ({@code <channel>.<provider>}, e.g. {@code sms.twilio}). */
    @FunctionalInterface
    interface Factory {

        /** Each process counts its own calls: right for one node only. */
        Factory IN_PROCESS = (provider, limit, period, maxWait) -> new RateCap(limit, period, maxWait);

        ProviderRateCap create(String provider, int limit, Duration period, Duration maxWait);
    }
}

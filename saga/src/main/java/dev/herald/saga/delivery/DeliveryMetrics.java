package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Delivery counters and timings per channel. {@code herald.delivery.attempts{channel,outcome}} counts provider calls
 * ({@code sent}) and what became of attempts: {@code delivered}, {@code retried} (failed, another attempt follows),
 * {@code failed} (failed, none follows) and {@code skipped} (not attempted: the channel already had an outcome, or
 * the attempt waited in the queue beyond its watchdog). {@code herald.delivery.duration{channel}} times provider calls.
 * On channels whose providers have a send rate, {@code herald.delivery.rate.wait{channel}} times each attempt from
 * queueing to its provider call, and {@code herald.delivery.rate.waiting{channel}} is how many attempts wait for room
 * now.
 */
public final class DeliveryMetrics {

    static final String ATTEMPTS = "herald.delivery.attempts";
    static final String DURATION = "herald.delivery.duration";
    static final String RATE_WAIT = "herald.delivery.rate.wait";
    static final String RATE_WAITING = "herald.delivery.rate.waiting";

    public enum Outcome { SENT, DELIVERED, RETRIED, FAILED, SKIPPED }

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(Channel channel, Outcome outcome) {
        Counter.builder(ATTEMPTS)
               .description("Delivery attempts per channel and outcome")
               .tag("channel", tag(channel))
               .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
               .register(registry)
               .increment();
    }

    <T> T time(Channel channel, Supplier<T> providerCall) {
        return Timer.builder(DURATION)
                    .description("Time taken by provider calls per channel")
                    .tag("channel", tag(channel))
                    .register(registry)
                    .record(providerCall);
    }

    /** The channel's attempts now waiting for a provider's send rate; registered once per channel. */
    void registerRateWaiting(Channel channel, Supplier<Number> waiting) {
        Gauge.builder(RATE_WAITING, waiting)
             .description("Attempts queued while the channel's providers are at their send rates")
             .tag("channel", tag(channel))
             .register(registry);
        rateWaitTimer(channel);
    }

    /** An attempt on a channel with a send rate got its provider call this long after it was queued. */
    void rateWaited(Channel channel, Duration queuedToCall) {
        rateWaitTimer(channel).record(queuedToCall.isNegative() ? Duration.ZERO : queuedToCall);
    }

    private Timer rateWaitTimer(Channel channel) {
        return Timer.builder(RATE_WAIT)
                    .description("Time from queueing to the provider call of attempts on channels with a send rate")
                    .tag("channel", tag(channel))
                    .register(registry);
    }

    private static String tag(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}

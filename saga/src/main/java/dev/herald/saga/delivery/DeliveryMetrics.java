package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Delivery counters and timings per channel. {@code herald.delivery.attempts{channel,outcome}} counts provider calls
 * ({@code sent}) and what became of attempts: {@code delivered}, {@code retried} (failed, another attempt follows),
 * {@code failed} (failed, none follows) and {@code skipped} (not attempted: the channel already had an outcome, or
 * the attempt waited in the queue beyond its watchdog). {@code herald.delivery.duration{channel}} times provider calls.
 */
public final class DeliveryMetrics {

    static final String ATTEMPTS = "herald.delivery.attempts";
    static final String DURATION = "herald.delivery.duration";

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

    private static String tag(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}

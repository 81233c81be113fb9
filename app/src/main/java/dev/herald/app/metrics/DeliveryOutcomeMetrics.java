package dev.herald.app.metrics;

import dev.herald.api.Channel;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationSentEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;

/**
 * Sends and their outcomes per channel, counted from the events as the event store commits them:
 * {@value #ACCEPTED}{@code {channel}} for every channel of every accepted send, and
 * {@value #OUTCOMES}{@code {channel,outcome,reason}} for each channel's one final outcome ({@code delivered},
 * {@code failed}, {@code cancelled}, or {@code skipped} with the {@link SkipReason} as reason; {@code none} for the
 * others), whether the saga, the inbox (IN_APP) or the send itself recorded it; {@value #THROTTLED} for each send
 * its throttle dropped and {@value #HELD}{@code {channel}} for each channel held by the recipient's quiet hours.
 *
 * <p>Why here and not in an event handler: a handler of a tracking processor sees every event again when it is
 * replayed, and on a cluster each node holds only some segments. The store's monitor runs on the node that appends
 * the event, once, after the commit (a rolled-back unit of work reports a failure and counts nothing), on every
 * profile: the embedded, Mongo and Axon Server event stores all take Axon's {@code EventStore} monitor. Sum over the
 * nodes. Every series exists from the start at zero, so that rates and dashboards never miss one.
 */
public final class DeliveryOutcomeMetrics implements MessageMonitor<Message<?>> {

    static final String ACCEPTED = "herald.notifications.accepted";
    static final String OUTCOMES = "herald.delivery.outcomes";
    static final String NO_REASON = "none";
    static final String THROTTLED = "herald.notifications.throttled";
    static final String HELD = "herald.deliveries.held";

    enum Outcome { DELIVERED, FAILED, CANCELLED, SKIPPED }

    private final Map<Channel, Counter> accepted = new EnumMap<>(Channel.class);
    private final Map<String, Counter> outcomes = new HashMap<>();
    private final Map<Channel, Counter> held = new EnumMap<>(Channel.class);
    private final Counter throttled;

    public DeliveryOutcomeMetrics(MeterRegistry registry) {
        throttled = Counter.builder(THROTTLED)
                .description("Accepted sends dropped by their throttle (each send once, whatever its channels)")
                .register(registry);
        for (Channel channel : Channel.values()) {
            accepted.put(channel, Counter.builder(ACCEPTED)
                    .description("Channels of accepted sends (a send on two channels counts once on each)")
                    .tag("channel", tag(channel))
                    .register(registry));
            held.put(channel, Counter.builder(HELD)
                    .description("Channels of sends held by the recipient's quiet hours")
                    .tag("channel", tag(channel))
                    .register(registry));
            for (Outcome outcome : Outcome.values()) {
                if (outcome == Outcome.SKIPPED) {
                    for (SkipReason reason : SkipReason.values()) {
                        register(registry, channel, outcome, tag(reason));
                    }
                } else {
                    register(registry, channel, outcome, NO_REASON);
                }
            }
        }
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Runnable count = counting(message.getPayload());
        return count == null ? NoOpMessageMonitorCallback.INSTANCE : new MonitorCallback() {
            @Override
            public void reportSuccess() {
                count.run();
            }

            @Override
            public void reportFailure(Throwable cause) {
                // not stored: nothing happened
            }

            @Override
            public void reportIgnored() {
                // not stored: nothing happened
            }
        };
    }

    private Runnable counting(Object payload) {
        if (payload instanceof NotificationSentEvent sent) {
            return () -> {
                sent.requestedChannels().forEach(channel -> accepted.get(channel).increment());
                sent.skippedChannels().forEach((channel, reason) -> outcome(channel, Outcome.SKIPPED, tag(reason)));
                if (sent.skippedChannels().containsValue(SkipReason.THROTTLED)) {
                    throttled.increment();
                }
            };
        }
        if (payload instanceof DeliveryHeldEvent hold) {
            return () -> hold.channels().forEach(channel -> held.get(channel).increment());
        }
        if (payload instanceof DeliverySucceededEvent delivered) {
            return () -> outcome(delivered.channel(), Outcome.DELIVERED, NO_REASON);
        }
        if (payload instanceof DeliveryFailedEvent failed) {
            return () -> outcome(failed.channel(), Outcome.FAILED, NO_REASON);
        }
        if (payload instanceof DeliverySkippedEvent skipped) {
            return () -> outcome(skipped.channel(), Outcome.SKIPPED, tag(skipped.reason()));
        }
        if (payload instanceof DeliveryCancelledEvent cancelled) {
            return () -> outcome(cancelled.channel(), Outcome.CANCELLED, NO_REASON);
        }
        return null;
    }

    private void outcome(Channel channel, Outcome outcome, String reason) {
        outcomes.get(key(channel, outcome, reason)).increment();
    }

    private void register(MeterRegistry registry, Channel channel, Outcome outcome, String reason) {
        outcomes.put(key(channel, outcome, reason), Counter.builder(OUTCOMES)
                .description("Final outcomes of channels of accepted sends, each channel once")
                .tag("channel", tag(channel))
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .tag("reason", reason)
                .register(registry));
    }

    private static String key(Channel channel, Outcome outcome, String reason) {
        return channel + "/" + outcome + "/" + reason;
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}

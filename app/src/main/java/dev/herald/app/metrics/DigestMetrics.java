package dev.herald.app.metrics;

import dev.herald.api.digest.DigestItemCollectedEvent;
import dev.herald.api.digest.DigestReleasedEvent;
import dev.herald.api.digest.DigestWindowOpenedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;

/**
 * Digest windows opened ({@value #OPENED}) and released ({@value #RELEASED}), and items collected
 * ({@value #ITEMS}), counted from the events as the event store commits them, once on the node that appends them (see
 * {@link DeliveryOutcomeMetrics} for why there and not in a handler). Windows open right now is
 * {@code sum(opened) - sum(released)} over the same period.
 */
public final class DigestMetrics implements MessageMonitor<Message<?>> {

    static final String OPENED = "herald.digests.opened";
    static final String RELEASED = "herald.digests.released";
    static final String ITEMS = "herald.digests.items";

    private final Counter opened;
    private final Counter released;
    private final Counter items;

    public DigestMetrics(MeterRegistry registry) {
        opened = Counter.builder(OPENED).description("Digest windows opened").register(registry);
        released = Counter.builder(RELEASED).description("Digest windows released").register(registry);
        items = Counter.builder(ITEMS).description("Items collected into digests").register(registry);
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Object payload = message.getPayload();
        Counter counter = payload instanceof DigestWindowOpenedEvent ? opened
                : payload instanceof DigestReleasedEvent ? released
                : payload instanceof DigestItemCollectedEvent ? items : null;
        return counter == null ? NoOpMessageMonitorCallback.INSTANCE : new MonitorCallback() {
            @Override
            public void reportSuccess() {
                counter.increment();
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
}

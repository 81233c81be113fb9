package dev.herald.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationSentEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counted as Axon's event store commits, through a real embedded store. */
class DeliveryOutcomeMetricsTest {

    private static final String ID = "n-1";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .messageMonitor(new DeliveryOutcomeMetrics(meters))
            .build();
    private long sequence;

    @AfterEach
    void stop() {
        store.shutDown();
    }

    @Test
    void everySeriesExistsAtZeroFromTheStart() {
        for (Channel channel : Channel.values()) {
            assertThat(accepted(channel)).isZero();
            assertThat(outcome(channel, "delivered", "none")).isZero();
            assertThat(outcome(channel, "failed", "none")).isZero();
            assertThat(outcome(channel, "cancelled", "none")).isZero();
            assertThat(outcome(channel, "skipped", "opted_out")).isZero();
            assertThat(outcome(channel, "skipped", "no_contact_point")).isZero();
        }
    }

    @Test
    void aSendCountsEachRequestedChannelAndTheChannelsSkippedAtOnce() {
        commit(sent(EnumSet.of(Channel.IN_APP, Channel.EMAIL, Channel.SMS),
                    Map.of(Channel.EMAIL, SkipReason.OPTED_OUT, Channel.SMS, SkipReason.NO_CONTACT_POINT)));

        assertThat(accepted(Channel.IN_APP)).isEqualTo(1);
        assertThat(accepted(Channel.EMAIL)).isEqualTo(1);
        assertThat(accepted(Channel.SMS)).isEqualTo(1);
        assertThat(accepted(Channel.WEBHOOK)).isZero();
        assertThat(outcome(Channel.EMAIL, "skipped", "opted_out")).isEqualTo(1);
        assertThat(outcome(Channel.SMS, "skipped", "no_contact_point")).isEqualTo(1);
    }

    @Test
    void eachFinalOutcomeIsCountedOnItsChannelAndOtherEventsAreNot() {
        commit(new DeliverySucceededEvent(ID, "r", Channel.IN_APP, 1),
               new NotificationReadEvent(ID, "r"),
               new DeliveryFailedEvent(ID, "r", Channel.WEBHOOK, 2, "410"),
               new DeliverySkippedEvent(ID, "r", Channel.EMAIL, SkipReason.OPTED_OUT),
               new DeliveryCancelledEvent(ID, "r", Channel.SMS));

        assertThat(outcome(Channel.IN_APP, "delivered", "none")).isEqualTo(1);
        assertThat(outcome(Channel.WEBHOOK, "failed", "none")).isEqualTo(1);
        assertThat(outcome(Channel.EMAIL, "skipped", "opted_out")).isEqualTo(1);
        assertThat(outcome(Channel.SMS, "cancelled", "none")).isEqualTo(1);
        assertThat(meters.get(DeliveryOutcomeMetrics.OUTCOMES).counters().stream()
                           .mapToDouble(counter -> counter.count()).sum()).isEqualTo(4);
    }

    @Test
    void aThrottledSendCountsOnceAndItsChannelsAsSkippedThrottledAndHeldChannelsCountPerChannel() {
        assertThat(meters.get(DeliveryOutcomeMetrics.THROTTLED).counter().count()).isZero();
        assertThat(meters.get(DeliveryOutcomeMetrics.HELD).tag("channel", "email").counter().count()).isZero();

        commit(sent(EnumSet.of(Channel.IN_APP, Channel.EMAIL),
                    Map.of(Channel.EMAIL, SkipReason.THROTTLED, Channel.IN_APP, SkipReason.THROTTLED)));
        commit(new DeliveryHeldEvent(ID, "r", java.util.Set.of(Channel.EMAIL, Channel.SMS),
                                     java.time.Instant.parse("2030-01-01T07:00:00Z")));

        assertThat(meters.get(DeliveryOutcomeMetrics.THROTTLED).counter().count()).isEqualTo(1);
        assertThat(outcome(Channel.EMAIL, "skipped", "throttled")).isEqualTo(1);
        assertThat(outcome(Channel.IN_APP, "skipped", "throttled")).isEqualTo(1);
        assertThat(meters.get(DeliveryOutcomeMetrics.HELD).tag("channel", "email").counter().count()).isEqualTo(1);
        assertThat(meters.get(DeliveryOutcomeMetrics.HELD).tag("channel", "sms").counter().count()).isEqualTo(1);
        assertThat(meters.get(DeliveryOutcomeMetrics.HELD).tag("channel", "push").counter().count()).isZero();
    }

    @Test
    void eventsOfAUnitOfWorkThatRollsBackAreNotCounted() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        var result = unitOfWork.executeWithResult(() -> {
            publish(new DeliverySucceededEvent(ID, "r", Channel.IN_APP, 1));
            throw new IllegalStateException("the command failed after applying its event");
        });

        assertThat(result.isExceptional()).isTrue();

        assertThat(outcome(Channel.IN_APP, "delivered", "none")).isZero();
    }

    private void commit(Object... events) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.execute(() -> List.of(events).forEach(this::publish));
    }

    private void publish(Object event) {
        store.publish(new GenericDomainEventMessage<>("Notification", ID, sequence++, event));
    }

    private double accepted(Channel channel) {
        return meters.get(DeliveryOutcomeMetrics.ACCEPTED).tag("channel", channel.name().toLowerCase()).counter()
                .count();
    }

    private double outcome(Channel channel, String outcome, String reason) {
        return meters.get(DeliveryOutcomeMetrics.OUTCOMES).tag("channel", channel.name().toLowerCase())
                .tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    private static NotificationSentEvent sent(EnumSet<Channel> channels, Map<Channel, SkipReason> skipped) {
        return new NotificationSentEvent(ID, "sender", "r", "billing", Priority.NORMAL, channels, skipped, "title",
                                         "body", Map.of(), null, new ContactPoints("r@example.com", null, List.of(),
                                                                                   null, "en-GB", "Europe/London"),
                                         "fingerprint");
    }
}

package dev.herald.saga.delivery;

import dev.herald.api.notification.NotificationSentEvent;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Reads the notification's first event from the event store: a key lookup, made on a worker thread for each
 * attempt, which keeps title, body and data out of the saga's stored state. Reading from sequence 0 bypasses
 * snapshots, which would hide that first event.
 */
public final class EventStoreNotificationContents implements NotificationContents {

    private final EventStore eventStore;

    public EventStoreNotificationContents(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<SentNotification> find(String notificationId) {
        return eventStore.readEvents(notificationId, 0L)
                         .asStream()
                         .filter(message -> NotificationSentEvent.class.equals(message.getPayloadType()))
                         .findFirst()
                         .map(EventStoreNotificationContents::sent);
    }

    private static SentNotification sent(DomainEventMessage<?> message) {
        return new SentNotification((NotificationSentEvent) message.getPayload(), message.getTimestamp());
    }
}

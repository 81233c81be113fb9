package dev.herald.saga.delivery;

import dev.herald.api.notification.NotificationSentEvent;
import java.time.Instant;
import java.util.Optional;

/** Where a worker finds what to deliver: the notification as it was sent. */
public interface NotificationContents {

    /** The sent notification and when it was sent, or empty when there is no such notification. */
    Optional<SentNotification> find(String notificationId);

    record SentNotification(NotificationSentEvent event, Instant sentAt) {
    }
}

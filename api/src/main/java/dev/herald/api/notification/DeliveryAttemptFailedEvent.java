package dev.herald.api.notification;

import dev.herald.api.Channel;
import java.time.Instant;

/** An attempt failed. {@code nextAttemptAt} is when the next one is due, or null when none follows. */
public record DeliveryAttemptFailedEvent(String notificationId, String recipientId, Channel channel, int attempt,
                                         String error, boolean retryable, Instant nextAttemptAt)
        implements NotificationScoped {
}

package dev.herald.api.notification;

import dev.herald.api.Channel;
import java.time.Instant;

/**
 * An attempt failed. {@code nextAttemptAt} is when the next one is due, or null when none follows.
 *
 * @param provider the provider the attempt went to; null in events recorded before channels had named providers, and
 *                 for an attempt that never reached a provider (its outcome was lost and its watchdog gave up on it)
 */
public record DeliveryAttemptFailedEvent(String notificationId, String recipientId, Channel channel, int attempt,
                                         String error, boolean retryable, Instant nextAttemptAt, String provider)
        implements NotificationScoped {

    /** A failure that names no provider. */
    public DeliveryAttemptFailedEvent(String notificationId, String recipientId, Channel channel, int attempt,
                                      String error, boolean retryable, Instant nextAttemptAt) {
        this(notificationId, recipientId, channel, attempt, error, retryable, nextAttemptAt, null);
    }
}

package dev.herald.api.notification;

import dev.herald.api.Channel;

/**
 * The channel was delivered on the given attempt.
 *
 * @param provider the provider that accepted it; null in events recorded before channels had named providers, and
 *                 for the in-app channel, which has none
 */
public record DeliverySucceededEvent(String notificationId, String recipientId, Channel channel, int attempt,
                                     String provider) implements NotificationScoped {

    /** A success that names no provider. */
    public DeliverySucceededEvent(String notificationId, String recipientId, Channel channel, int attempt) {
        this(notificationId, recipientId, channel, attempt, null);
    }
}

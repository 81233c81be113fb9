package dev.herald.api.notification;

import dev.herald.api.Channel;

/**
 * An attempt on the channel began.
 *
 * @param provider the name of the channel's provider the attempt went to; null in events recorded before channels
 *                 had named providers, when every attempt went to the channel's single provider
 */
public record DeliveryAttemptStartedEvent(String notificationId, String recipientId, Channel channel, int attempt,
                                          String provider) implements NotificationScoped {

    /** An attempt that names no provider. */
    public DeliveryAttemptStartedEvent(String notificationId, String recipientId, Channel channel, int attempt) {
        this(notificationId, recipientId, channel, attempt, null);
    }
}

package dev.herald.api.notification;

import dev.herald.api.Channel;

/** An attempt on the channel began. */
public record DeliveryAttemptStartedEvent(String notificationId, String recipientId, Channel channel,
                                          int attempt) implements NotificationScoped {
}

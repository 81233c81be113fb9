package dev.herald.api.notification;

import dev.herald.api.Channel;

/** The channel failed for good: a final outcome. */
public record DeliveryFailedEvent(String notificationId, String recipientId, Channel channel, int attempts,
                                  String lastError) implements NotificationScoped {
}

package dev.herald.api.notification;

import dev.herald.api.Channel;

/** Attempts on the channel stopped because the notification was cancelled: a final outcome. */
public record DeliveryCancelledEvent(String notificationId, String recipientId,
                                     Channel channel) implements NotificationScoped {
}

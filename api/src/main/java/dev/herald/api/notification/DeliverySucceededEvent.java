package dev.herald.api.notification;

import dev.herald.api.Channel;

/** The channel was delivered on the given attempt. */
public record DeliverySucceededEvent(String notificationId, String recipientId, Channel channel,
                                     int attempt) implements NotificationScoped {
}

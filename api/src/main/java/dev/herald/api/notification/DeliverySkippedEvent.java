package dev.herald.api.notification;

import dev.herald.api.Channel;
import dev.herald.api.SkipReason;

/** The channel was skipped after the send, for example because the recipient opted out during retries. */
public record DeliverySkippedEvent(String notificationId, String recipientId, Channel channel,
                                   SkipReason reason) implements NotificationScoped {
}

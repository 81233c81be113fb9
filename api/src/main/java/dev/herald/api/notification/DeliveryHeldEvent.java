package dev.herald.api.notification;

import dev.herald.api.Channel;
import java.util.Set;
import java.time.Instant;

/** These channels wait for the recipient's quiet hours to end, at {@code until}; then they are attempted. */
public record DeliveryHeldEvent(String notificationId, String recipientId, Set<Channel> channels,
                                Instant until) implements NotificationScoped {
}

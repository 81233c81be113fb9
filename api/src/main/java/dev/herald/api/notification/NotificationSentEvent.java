package dev.herald.api.notification;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A notification was accepted. It carries everything delivery needs, including the recipient's contact points
 * as they were at send time, and which requested channels are skipped and why (decided while handling the
 * command, against the recipient's subscriptions at that moment).
 *
 * @param sendAt null when sent for immediate delivery
 */
public record NotificationSentEvent(String notificationId, String senderId, String recipientId, String category,
                                   Priority priority, Set<Channel> requestedChannels,
                                   Map<Channel, SkipReason> skippedChannels, String title, String body,
                                   Map<String, Object> data, Instant sendAt, ContactPoints contactPoints,
                                   String requestFingerprint) implements NotificationScoped {
}

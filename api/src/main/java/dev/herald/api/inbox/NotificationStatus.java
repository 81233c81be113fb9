package dev.herald.api.inbox;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.NotificationState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A notification status (the README's glossary): what a sender reads about one of its notifications, its state as a
 * whole and each channel's status.
 */
public record NotificationStatus(String notificationId, String senderId, String recipientId, String category,
                                 Priority priority, NotificationState status, Set<Channel> requestedChannels,
                                 Map<Channel, SkipReason> skippedChannels, List<ChannelStatus> channels,
                                 Instant createdAt, Instant sendAt) {
}

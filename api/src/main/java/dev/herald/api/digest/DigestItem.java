package dev.herald.api.digest;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import java.time.Instant;
import java.util.Set;

/**
 * One notification collected into a digest: what the digest lists, and the channels it was held back on.
 *
 * @param acceptedAt when the notification was accepted
 */
public record DigestItem(String notificationId, String senderId, String category, Priority priority, String title,
                         String body, Set<Channel> channels, Instant acceptedAt) {
}

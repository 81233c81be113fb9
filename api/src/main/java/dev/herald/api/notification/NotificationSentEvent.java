package dev.herald.api.notification;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.TemplateRef;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A notification was accepted. It carries everything delivery needs, including the recipient's contact points
 * as they were at send time, and which requested channels are skipped and why (decided while handling the
 * command, against the recipient's subscriptions at that moment).
 *
 * @param sendAt   null when sent for immediate delivery
 * @param template the template rendered, or null (always null in events stored before templates existed)
 * @param content  what the template rendered to, per channel: what was actually sent, whatever the template
 *                 became later; null without a template
 * @param quietHours the recipient's quiet hours when it was sent, in the time zone of {@code contactPoints}: the
 *                   delivery saga holds EMAIL, SMS and PUSH of NORMAL and LOW priority while they last; null when
 *                   the recipient had none (and in every event stored before quiet hours existed)
 * @param digest   the digest this notification's channels skipped as {@link SkipReason#DIGESTED} are collected
 *                 into; null without one (always null in events stored before digests existed)
 */
public record NotificationSentEvent(String notificationId, String senderId, String recipientId, String category,
                                   Priority priority, Set<Channel> requestedChannels,
                                   Map<Channel, SkipReason> skippedChannels, String title, String body,
                                   Map<String, Object> data, Instant sendAt, ContactPoints contactPoints,
                                   String requestFingerprint, TemplateRef template,
                                   ChannelContents content, QuietHours quietHours,
                                   DigestRequest digest) implements NotificationScoped {

    /** A notification without a digest. */
    public NotificationSentEvent(String notificationId, String senderId, String recipientId, String category,
                                 Priority priority, Set<Channel> requestedChannels,
                                 Map<Channel, SkipReason> skippedChannels, String title, String body,
                                 Map<String, Object> data, Instant sendAt, ContactPoints contactPoints,
                                 String requestFingerprint, TemplateRef template, ChannelContents content,
                                 QuietHours quietHours) {
        this(notificationId, senderId, recipientId, category, priority, requestedChannels, skippedChannels, title,
             body, data, sendAt, contactPoints, requestFingerprint, template, content, quietHours, null);
    }

    /** A notification sent before quiet hours existed, or to a recipient without them. */
    public NotificationSentEvent(String notificationId, String senderId, String recipientId, String category,
                                 Priority priority, Set<Channel> requestedChannels,
                                 Map<Channel, SkipReason> skippedChannels, String title, String body,
                                 Map<String, Object> data, Instant sendAt, ContactPoints contactPoints,
                                 String requestFingerprint, TemplateRef template, ChannelContents content) {
        this(notificationId, senderId, recipientId, category, priority, requestedChannels, skippedChannels, title,
             body, data, sendAt, contactPoints, requestFingerprint, template, content, null, null);
    }

    /** A notification without a template, as every event before templates existed reads. */
    public NotificationSentEvent(String notificationId, String senderId, String recipientId, String category,
                                 Priority priority, Set<Channel> requestedChannels,
                                 Map<Channel, SkipReason> skippedChannels, String title, String body,
                                 Map<String, Object> data, Instant sendAt, ContactPoints contactPoints,
                                 String requestFingerprint) {
        this(notificationId, senderId, recipientId, category, priority, requestedChannels, skippedChannels, title,
             body, data, sendAt, contactPoints, requestFingerprint, null, null, null, null);
    }
}

package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.TemplateRef;
import dev.herald.api.throttle.ThrottleRule;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sends a notification to a recipient. The id is made at the edge: derived from the sender and its
 * {@code Idempotency-Key} when one is given, so that a repeat lands on the same aggregate. The fingerprint is a
 * hash of the request's content; a repeat with another fingerprint is a reused key, not a repeat.
 *
 * @param sendAt   null to send now
 * @param template the template the content was rendered from, or null when the sender wrote title and body
 * @param content  the rendered content per channel, or null: then every channel uses title and body
 * @param throttle the recipient's throttle this send must pass, or null for none
 * @param digest   null, or the digest its EMAIL, PUSH and SMS are collected into instead of going out at once
 */
public record SendNotificationCommand(@TargetAggregateIdentifier String notificationId, String senderId,
                                      String recipientId, String category, Priority priority,
                                      Set<Channel> channels, String title, String body, Map<String, Object> data,
                                      Instant sendAt, String requestFingerprint, TemplateRef template,
                                      ChannelContents content, ThrottleRule throttle, DigestRequest digest) {

    public SendNotificationCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonBlank(senderId, "senderId");
        requireNonBlank(recipientId, "recipientId");
        requireNonBlank(category, "category");
        requireNonNull(priority, "priority");
        channels = Set.copyOf(requireNonEmpty(channels, "channels"));
        requireNonBlank(title, "title");
        body = body == null ? "" : body;
        data = data == null ? Map.of() : data;
        requireNonBlank(requestFingerprint, "requestFingerprint");
    }

    /** A send without a throttle or a digest. */
    public SendNotificationCommand(String notificationId, String senderId, String recipientId, String category,
                                   Priority priority, Set<Channel> channels, String title, String body,
                                   Map<String, Object> data, Instant sendAt, String requestFingerprint,
                                   TemplateRef template, ChannelContents content) {
        this(notificationId, senderId, recipientId, category, priority, channels, title, body, data, sendAt,
             requestFingerprint, template, content, null, null);
    }

    /** A send with a throttle (or none) and without a digest. */
    public SendNotificationCommand(String notificationId, String senderId, String recipientId, String category,
                                   Priority priority, Set<Channel> channels, String title, String body,
                                   Map<String, Object> data, Instant sendAt, String requestFingerprint,
                                   TemplateRef template, ChannelContents content, ThrottleRule throttle) {
        this(notificationId, senderId, recipientId, category, priority, channels, title, body, data, sendAt,
             requestFingerprint, template, content, throttle, null);
    }

    /** A send whose title and body the sender wrote itself. */
    public SendNotificationCommand(String notificationId, String senderId, String recipientId, String category,
                                   Priority priority, Set<Channel> channels, String title, String body,
                                   Map<String, Object> data, Instant sendAt, String requestFingerprint) {
        this(notificationId, senderId, recipientId, category, priority, channels, title, body, data, sendAt,
             requestFingerprint, null, null, null, null);
    }
}

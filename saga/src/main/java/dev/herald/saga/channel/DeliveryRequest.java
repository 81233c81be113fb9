package dev.herald.saga.channel;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.TemplateRef;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt to deliver a notification on one channel, with everything the provider call needs.
 *
 * @param senderId whose webhook secrets sign it; null when unknown (the configured secrets sign it)
 * @param template the template it was rendered from, or null
 * @param content  the rendered content per channel, or null; a channel without content uses title and body
 */
public record DeliveryRequest(String notificationId, String recipientId, String category, Priority priority,
                              String title, String body, Map<String, Object> data, Instant createdAt,
                              ContactPoints contactPoints, Channel channel, int attempt, String senderId,
                              TemplateRef template, ChannelContents content) {

    public DeliveryRequest {
        data = data == null ? Map.of() : data;
        body = body == null ? "" : body;
        contactPoints = contactPoints == null ? ContactPoints.none() : contactPoints;
    }

    /** A notification without a template, its sender unknown. */
    public DeliveryRequest(String notificationId, String recipientId, String category, Priority priority,
                           String title, String body, Map<String, Object> data, Instant createdAt,
                           ContactPoints contactPoints, Channel channel, int attempt) {
        this(notificationId, recipientId, category, priority, title, body, data, createdAt, contactPoints, channel,
             attempt, null, null, null);
    }

    /** A notification without a template. */
    public DeliveryRequest(String notificationId, String recipientId, String category, Priority priority,
                           String title, String body, Map<String, Object> data, Instant createdAt,
                           ContactPoints contactPoints, Channel channel, int attempt, String senderId) {
        this(notificationId, recipientId, category, priority, title, body, data, createdAt, contactPoints, channel,
             attempt, senderId, null, null);
    }

    public static DeliveryRequest of(NotificationSentEvent sent, Instant createdAt, Channel channel, int attempt) {
        return new DeliveryRequest(sent.notificationId(), sent.recipientId(), sent.category(), sent.priority(),
                                   sent.title(), sent.body(), sent.data(), createdAt, sent.contactPoints(), channel,
                                   attempt, sent.senderId(), sent.template(), sent.content());
    }

    /**
     * The same on every attempt of this notification on this channel, whichever of the channel's providers gets it,
     * so that a provider can drop a repeat.
     */
    public String idempotencyKey() {
        return notificationId + ":" + channel;
    }
}

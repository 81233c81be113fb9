package dev.herald.command.web;

import dev.herald.api.broadcast.StartBroadcastCommand;
import dev.herald.api.digest.DigestRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/notifications}, as sent. Enumerations are strings so that errors can be clear.
 * It names either one recipient ({@code recipientId}) or topics ({@code topic} or {@code topics}, then optionally
 * the {@code actor} who caused it and is not notified). A send to one recipient has either {@code title} (and
 * {@code body}) or {@code template} (with {@code version} and {@code locale} optional), and so has a send to topics.
 * A send to one recipient may ask for a {@code digest} ({@code {"key": .., "window": ..}}).
 */
record SendNotificationRequest(String recipientId, String topic, List<String> topics, String actor, String category,
                               String priority, List<String> channels, String title, String body,
                               Map<String, Object> data, String sendAt, String template, Integer version,
                               String locale, ThrottleRequest throttle, DigestRequest digest) {

    /** {@code throttle}: of this recipient's sends naming {@code key}, at most {@code limit} in any {@code window}. */
    record ThrottleRequest(String key, Integer limit, String window) {
    }

    SendNotificationRequest(String recipientId, String topic, List<String> topics, String actor, String category,
                            String priority, List<String> channels, String title, String body,
                            Map<String, Object> data, String sendAt, String template, Integer version,
                            String locale, ThrottleRequest throttle) {
        this(recipientId, topic, topics, actor, category, priority, channels, title, body, data, sendAt, template,
             version, locale, throttle, null);
    }

    /** A send to one recipient with a title and body. */
    SendNotificationRequest(String recipientId, String category, String priority, List<String> channels,
                            String title, String body, Map<String, Object> data, String sendAt) {
        this(recipientId, category, priority, channels, title, body, data, sendAt, null, null, null);
    }

    /** A send to one recipient. */
    SendNotificationRequest(String recipientId, String category, String priority, List<String> channels,
                            String title, String body, Map<String, Object> data, String sendAt,
                            String template, Integer version, String locale) {
        this(recipientId, null, null, null, category, priority, channels, title, body, data, sendAt, template,
             version, locale, null);
    }

    boolean isBroadcast() {
        return topic != null || topics != null;
    }

    NotificationContent validated(Instant now) {
        if (actor != null) {
            throw RequestChecks.invalid("actor", "is only for a send to topics");
        }
        if (template == null) {
            if (version != null || locale != null) {
                throw RequestChecks.invalid(version != null ? "version" : "locale", "needs a template");
            }
            return withDigest(new NotificationContent(RequestChecks.recipientId(recipientId),
                                                      RequestChecks.category(category),
                                                      RequestChecks.priority(priority),
                                                      RequestChecks.channels(channels, false),
                                                      RequestChecks.title(title), RequestChecks.body(body),
                                                      RequestChecks.data(data), RequestChecks.sendAt(sendAt, now),
                                                      null, RequestChecks.throttle(throttle)));
        }
        if (title != null || body != null) {
            throw RequestChecks.invalid(title != null ? "title" : "body",
                                        "must not be given with a template, which provides it");
        }
        return withDigest(new NotificationContent(RequestChecks.recipientId(recipientId),
                                                  RequestChecks.category(category), RequestChecks.priority(priority),
                                                  RequestChecks.channels(channels, false), null, null,
                                                  RequestChecks.data(data), RequestChecks.sendAt(sendAt, now),
                                                  new TemplateChoice(RequestChecks.templateKey(template),
                                                                     RequestChecks.templateVersion(version),
                                                                     RequestChecks.locale(locale)),
                                                  RequestChecks.throttle(throttle)));
    }

    private NotificationContent withDigest(NotificationContent content) {
        return content.withDigest(RequestChecks.digest(digest, content.channels(), content.sendAt()));
    }

    /**
     * A send to topics: as a single send's content, with {@code template} (then {@code version} and {@code locale}
     * optional) in place of title and body when the broadcast is to be rendered for each recipient.
     */
    BroadcastRequestContent validatedBroadcast(Instant now) {
        if (throttle != null) {
            throw RequestChecks.invalid("throttle", "is only for a send to one recipient (recipientId)");
        }
        if (template == null && (version != null || locale != null)) {
            throw RequestChecks.invalid(version != null ? "version" : "locale", "needs a template");
        }
        if (template != null && (title != null || body != null)) {
            throw RequestChecks.invalid(title != null ? "title" : "body",
                                        "must not be given with a template, which provides it");
        }
        if (recipientId != null) {
            throw RequestChecks.invalid("recipientId", "must not be given with topic or topics");
        }
        if (digest != null) {
            throw RequestChecks.invalid("digest", "is only for a send to one recipient, not to topics");
        }
        if (topic != null && topics != null) {
            throw RequestChecks.invalid("topics", "give either topic or topics, not both");
        }
        List<String> keys = new ArrayList<>();
        if (topic != null) {
            keys.add(RequestChecks.topic("topic", topic));
        } else {
            if (topics.isEmpty() || topics.size() > StartBroadcastCommand.MAX_TOPICS) {
                throw RequestChecks.invalid("topics", "must name 1 to " + StartBroadcastCommand.MAX_TOPICS
                                                      + " topics, named " + topics.size());
            }
            for (String key : topics) {
                keys.add(RequestChecks.topic("topics", key));
            }
        }
        String actorId = actor == null ? null : RequestChecks.matching("actor", actor, RequestChecks.RECIPIENT_ID);
        if (template != null) {
            return new BroadcastRequestContent(keys, actorId, new NotificationContent(
                    null, RequestChecks.category(category), RequestChecks.priority(priority),
                    RequestChecks.channels(channels, false), null, null, RequestChecks.data(data),
                    RequestChecks.sendAt(sendAt, now), new TemplateChoice(RequestChecks.templateKey(template),
                                                                          RequestChecks.templateVersion(version),
                                                                          RequestChecks.locale(locale))));
        }
        return new BroadcastRequestContent(keys, actorId, new NotificationContent(
                null, RequestChecks.category(category), RequestChecks.priority(priority),
                RequestChecks.channels(channels, false), RequestChecks.title(title), RequestChecks.body(body),
                RequestChecks.data(data), RequestChecks.sendAt(sendAt, now)));
    }
}

package dev.herald.command.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/notifications}, as sent. Enumerations are strings so that errors can be clear.
 * Either {@code title} (and {@code body}) or {@code template} (with {@code version} and {@code locale} optional).
 */
record SendNotificationRequest(String recipientId, String category, String priority, List<String> channels,
                               String title, String body, Map<String, Object> data, String sendAt,
                               String template, Integer version, String locale) {

    /** A send with a title and body. */
    SendNotificationRequest(String recipientId, String category, String priority, List<String> channels,
                            String title, String body, Map<String, Object> data, String sendAt) {
        this(recipientId, category, priority, channels, title, body, data, sendAt, null, null, null);
    }

    NotificationContent validated(Instant now) {
        if (template == null) {
            if (version != null || locale != null) {
                throw RequestChecks.invalid(version != null ? "version" : "locale", "needs a template");
            }
            return new NotificationContent(RequestChecks.recipientId(recipientId), RequestChecks.category(category),
                                           RequestChecks.priority(priority), RequestChecks.channels(channels, false),
                                           RequestChecks.title(title), RequestChecks.body(body),
                                           RequestChecks.data(data), RequestChecks.sendAt(sendAt, now));
        }
        if (title != null || body != null) {
            throw RequestChecks.invalid(title != null ? "title" : "body",
                                        "must not be given with a template, which provides it");
        }
        return new NotificationContent(RequestChecks.recipientId(recipientId), RequestChecks.category(category),
                                       RequestChecks.priority(priority), RequestChecks.channels(channels, false),
                                       null, null, RequestChecks.data(data), RequestChecks.sendAt(sendAt, now),
                                       new TemplateChoice(RequestChecks.templateKey(template),
                                                          RequestChecks.templateVersion(version),
                                                          RequestChecks.locale(locale)));
    }
}

package dev.herald.command.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /api/v1/notifications}, as sent. Enumerations are strings so that errors can be clear. */
record SendNotificationRequest(String recipientId, String category, String priority, List<String> channels,
                               String title, String body, Map<String, Object> data, String sendAt) {

    NotificationContent validated(Instant now) {
        return new NotificationContent(RequestChecks.recipientId(recipientId), RequestChecks.category(category),
                                       RequestChecks.priority(priority), RequestChecks.channels(channels, false),
                                       RequestChecks.title(title), RequestChecks.body(body),
                                       RequestChecks.data(data), RequestChecks.sendAt(sendAt, now));
    }
}

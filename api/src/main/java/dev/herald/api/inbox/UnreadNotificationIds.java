package dev.herald.api.inbox;

import java.util.List;

/** Notification ids, newest first. */
public record UnreadNotificationIds(List<String> notificationIds) {
}

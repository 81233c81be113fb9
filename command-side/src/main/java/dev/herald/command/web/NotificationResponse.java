package dev.herald.command.web;

import dev.herald.api.notification.NotificationState;

/** What the notification endpoints answer. */
record NotificationResponse(String notificationId, NotificationState status) {
}

package dev.herald.api.notification;

/** The recipient marked the notification unread again. */
public record NotificationUnreadEvent(String notificationId, String recipientId) implements NotificationScoped {
}

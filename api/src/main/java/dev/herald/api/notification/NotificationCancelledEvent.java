package dev.herald.api.notification;

/** The sender cancelled the notification before its send time; no channel will be attempted. */
public record NotificationCancelledEvent(String notificationId, String recipientId) implements NotificationScoped {
}

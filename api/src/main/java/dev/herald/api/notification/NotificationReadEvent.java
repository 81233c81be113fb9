package dev.herald.api.notification;

/** The recipient read the notification. */
public record NotificationReadEvent(String notificationId, String recipientId) implements NotificationScoped {
}

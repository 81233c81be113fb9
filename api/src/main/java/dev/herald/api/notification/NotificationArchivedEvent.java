package dev.herald.api.notification;

/** The recipient archived the notification. */
public record NotificationArchivedEvent(String notificationId, String recipientId) implements NotificationScoped {
}

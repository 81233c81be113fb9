package dev.herald.api.notification;


/** A scheduled notification reached its send time and is now due for delivery and visible in the inbox. */
public record NotificationReleasedEvent(String notificationId, String recipientId) implements NotificationScoped {
}

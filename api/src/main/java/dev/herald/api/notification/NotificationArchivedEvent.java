package dev.herald.api.notification;

import dev.herald.api.RecipientScoped;
/** The recipient archived the notification. */
public record NotificationArchivedEvent(String notificationId, String recipientId) implements RecipientScoped {
}

package dev.herald.api.notification;

import dev.herald.api.RecipientScoped;
/** The recipient read the notification. */
public record NotificationReadEvent(String notificationId, String recipientId) implements RecipientScoped {
}

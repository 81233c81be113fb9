package dev.herald.api.notification;

import dev.herald.api.RecipientScoped;
/** The recipient marked the notification unread again. */
public record NotificationUnreadEvent(String notificationId, String recipientId) implements RecipientScoped {
}

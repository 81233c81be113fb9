package dev.herald.api.notification;

import dev.herald.api.RecipientScoped;
/** The sender cancelled the notification before its send time; no channel will be attempted. */
public record NotificationCancelledEvent(String notificationId, String recipientId) implements RecipientScoped {
}

package dev.herald.api.notification;

/**
 * The answer to a {@link SendNotificationCommand}: the notification's id and state, and whether this was a repeat
 * of an earlier request with the same idempotency key (in which case nothing new was stored).
 */
public record SendNotificationResult(String notificationId, NotificationState status, boolean repeated) {
}

package dev.herald.api.inbox;

/** A notification's delivery status, as its sender sees it. Answered with an Optional {@link NotificationStatus}. */
public record FindNotificationStatusQuery(String notificationId) {
}

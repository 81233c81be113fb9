package dev.herald.api.notification;

/**
 * A notification state: where a notification stands as a whole (the README's glossary). SCHEDULED until its send
 * time, ACCEPTED once it is due, COMPLETED when every channel's state is final, CANCELLED when its sender cancelled it
 * before its send time. In JSON it is the {@code status} of a {@link dev.herald.api.inbox.NotificationStatus}.
 */
public enum NotificationState {
    SCHEDULED, ACCEPTED, COMPLETED, CANCELLED
}

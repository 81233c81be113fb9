package dev.herald.api.notification;

/**
 * Where a notification stands as a whole: SCHEDULED until its send time, ACCEPTED once it is due, COMPLETED when
 * every channel has a final outcome, CANCELLED when its sender cancelled it before its send time.
 */
public enum NotificationState {
    SCHEDULED, ACCEPTED, COMPLETED, CANCELLED
}

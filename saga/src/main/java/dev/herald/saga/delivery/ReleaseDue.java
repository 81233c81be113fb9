package dev.herald.saga.delivery;

/** Deadline payload: a scheduled notification's send time has come. */
public record ReleaseDue(String notificationId) {
}

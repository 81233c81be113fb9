package dev.herald.saga.delivery;

/** Deadline payload: the recipient's quiet hours that held some channels of the notification have ended. */
public record QuietHoursOver() {
}

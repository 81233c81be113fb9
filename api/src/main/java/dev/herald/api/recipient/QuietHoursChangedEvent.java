package dev.herald.api.recipient;

/** The recipient's quiet hours are now these; null when they have none any more. */
public record QuietHoursChangedEvent(String recipientId, QuietHours quietHours) {
}

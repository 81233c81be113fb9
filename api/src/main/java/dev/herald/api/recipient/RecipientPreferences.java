package dev.herald.api.recipient;

/**
 * A recipient's preferences: the time zone their quiet hours are in (null: UTC) and the quiet hours (null: none).
 */
public record RecipientPreferences(String recipientId, String timeZone, QuietHours quietHours) {
}

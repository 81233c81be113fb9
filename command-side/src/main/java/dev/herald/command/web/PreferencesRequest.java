package dev.herald.command.web;

import dev.herald.api.recipient.QuietHours;
import org.springframework.web.server.ServerWebInputException;

/**
 * The body of {@code PUT /api/v1/recipients/{recipientId}/preferences}: the quiet hours ({@code null} for none) and,
 * optionally, the recipient's time zone (absent keeps the one it has).
 */
record PreferencesRequest(String timeZone, QuietHoursRequest quietHours) {

    record QuietHoursRequest(String start, String end) {
    }

    QuietHours validatedQuietHours() {
        if (quietHours == null) {
            return null;
        }
        try {
            return QuietHours.parse(quietHours.start(), quietHours.end());
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(e.getMessage());
        }
    }
}

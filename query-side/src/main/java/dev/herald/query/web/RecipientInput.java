package dev.herald.query.web;

import dev.herald.query.inbox.InboxCursor;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.api.recipient.QuietHours;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebInputException;

/**
 * Shape rules for what recipients send. Each check returns the value in its canonical form or throws a
 * {@link ServerWebInputException} whose reason starts with the field name, so a client can tell what to fix.
 */
final class RecipientInput {

    static final int DEFAULT_LIMIT = 20;
    /** The same rule as for senders' categories. */
    static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RecipientInput() {
    }

    static int limit(String field, String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            return limit(field, Integer.parseInt(limit.strip()));
        } catch (NumberFormatException e) {
            throw outOfRange(field);
        }
    }

    static int limit(String field, Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > InboxProjection.MAX_LIMIT) {
            throw outOfRange(field);
        }
        return limit;
    }

    private static ServerWebInputException outOfRange(String field) {
        return new ServerWebInputException(field + ": must be a whole number from 1 to " + InboxProjection.MAX_LIMIT);
    }

    static String cursor(String field, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            InboxCursor.decode(cursor);
            return cursor;
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(field + ": " + e.getMessage());
        }
    }

    /** Absent or empty means every category. */
    static String category(String field, String category) {
        if (category == null || category.isEmpty()) {
            return null;
        }
        if (!CATEGORY.matcher(category).matches()) {
            throw new ServerWebInputException(field + ": must match " + CATEGORY.pattern());
        }
        return category;
    }

    /** Absent means false; a bare {@code ?unread} means true. */
    static boolean flag(String field, String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new ServerWebInputException(field + ": must be true or false");
        };
    }

    static String notificationId(String id) {
        if (id == null || id.isBlank()) {
            throw new ServerWebInputException("id: must not be blank");
        }
        return id;
    }

    /** A time zone id in its canonical form, or null (blank or absent: the recipient's stays). */
    static String timeZone(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(value.strip()).getId();
        } catch (DateTimeException e) {
            throw new ServerWebInputException(field + ": must be a time zone id such as Europe/Paris, was '"
                                              + value + "'");
        }
    }

    /** Quiet hours from their start and end ({@code "22:00"}), or null for none. */
    static QuietHours quietHours(PreferencesController.MyPreferencesRequest.QuietHoursRequest value) {
        if (value == null) {
            return null;
        }
        try {
            return QuietHours.parse(value.start(), value.end());
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(e.getMessage());
        }
    }
}

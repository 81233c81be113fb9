package dev.herald.api.recipient;

import static dev.herald.api.Checks.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A recipient's quiet hours, as local times of day in their time zone: from {@code start} (inclusive) to {@code end}
 * (exclusive), spanning midnight when {@code end} is before {@code start} (22:00 to 07:00). They follow the zone's
 * rules on each day, so they stay at the same local times across daylight-saving changes.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        requireNonNull(start, "quietHours.start");
        requireNonNull(end, "quietHours.end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quietHours.end: must differ from quietHours.start, both were " + start);
        }
    }

    /**
     * Quiet hours from their text form, {@code HH:mm} (or {@code HH:mm:ss}); an {@link IllegalArgumentException}
     * whose message starts with the field at fault ({@code quietHours.start}, {@code quietHours.end}) otherwise.
     */
    public static QuietHours parse(String start, String end) {
        return new QuietHours(time("quietHours.start", start), time("quietHours.end", end));
    }

    private static LocalTime time(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": must be a time of day such as 22:00, was '" + value + "'");
        }
    }

    /** Whether the instant falls inside the quiet hours in this zone. */
    public boolean contains(Instant instant, ZoneId zone) {
        LocalTime local = instant.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !local.isBefore(start) && local.isBefore(end);
        }
        return !local.isBefore(start) || local.isBefore(end);
    }

    /**
     * The first instant after {@code instant} at which the local time is {@code end}. On a day whose {@code end} falls
     * in a daylight-saving gap (02:30 on a spring-forward night), it is the instant the clocks jump to; in an
     * overlap, the earlier of the two.
     */
    public Instant endAfter(Instant instant, ZoneId zone) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        Instant candidate = ZonedDateTime.of(day, end, zone).toInstant();
        while (!candidate.isAfter(instant)) {
            day = day.plusDays(1);
            candidate = ZonedDateTime.of(day, end, zone).toInstant();
        }
        return candidate;
    }
}

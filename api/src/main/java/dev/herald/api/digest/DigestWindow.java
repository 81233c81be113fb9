package dev.herald.api.digest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a digest collects: either a fixed length from its first item ({@code PT10M}, an ISO-8601 duration), or
 * until the next given time of day in the recipient's time zone ({@code daily@08:00}; UTC for a recipient without a
 * time zone). The text form is what senders write and what events carry.
 */
public final class DigestWindow {

    private static final Pattern DAILY = Pattern.compile("daily@([01][0-9]|2[0-3]):([0-5][0-9])");

    private final String text;
    private final Duration length;
    private final LocalTime dailyAt;

    private DigestWindow(String text, Duration length, LocalTime dailyAt) {
        this.text = text;
        this.length = length;
        this.dailyAt = dailyAt;
    }

    /**
     * The window a sender wrote, or {@link IllegalArgumentException} saying which forms there are. A length must be
     * positive; its bounds are a setting checked at the edge ({@link #length()}).
     */
    public static DigestWindow parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required: an ISO-8601 duration such as PT10M, or daily@HH:mm");
        }
        Matcher daily = DAILY.matcher(text);
        if (daily.matches()) {
            return new DigestWindow(text, null, LocalTime.of(Integer.parseInt(daily.group(1)),
                                                             Integer.parseInt(daily.group(2))));
        }
        try {
            Duration length = Duration.parse(text);
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("must be a positive duration, was '" + text + "'");
            }
            return new DigestWindow(length.toString(), length, null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as PT10M, or daily@HH:mm such as "
                                               + "daily@08:00, was '" + text + "'");
        }
    }

    /** The fixed length, or null for a daily window. */
    public Duration length() {
        return length;
    }

    /**
     * When a window opened at {@code openedAt} closes: its length later, or at the next {@code HH:mm} strictly after
     * {@code openedAt} in {@code timeZone} (an IANA id; UTC when null or unknown). Across a daylight-saving gap the
     * time of day moves forward as {@link ZonedDateTime} resolves it.
     */
    public Instant closesAt(Instant openedAt, String timeZone) {
        if (length != null) {
            return openedAt.plus(length);
        }
        ZonedDateTime opened = openedAt.atZone(zone(timeZone));
        ZonedDateTime closes = opened.toLocalDate().atTime(dailyAt).atZone(opened.getZone());
        if (!closes.isAfter(opened)) {
            closes = opened.toLocalDate().plusDays(1).atTime(dailyAt).atZone(opened.getZone());
        }
        return closes.toInstant();
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC; // checked when the recipient was saved; an id the runtime dropped since
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DigestWindow window && window.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The canonical text: {@code PT10M} or {@code daily@08:00}. */
    @Override
    public String toString() {
        return text;
    }
}

package dev.herald.command.web;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.digest.DigestWindow;
import dev.herald.api.throttle.ThrottleRule;
import dev.herald.command.digest.DigestProperties;
import dev.herald.command.recipient.Subscriptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.server.ServerWebInputException;

/**
 * The shape rules for request input. Each check returns the value in its canonical form or throws a
 * {@link ServerWebInputException} whose reason starts with the field name, so a client can tell what to fix.
 */
final class RequestChecks {

    static final Pattern RECIPIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
    static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern DIGEST_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern TEMPLATE_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_BODY_LENGTH = 10_000;
    static final int MAX_DATA_BYTES = 8 * 1024;
    static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(366);
    /** A sendAt this little in the past is a client clock running behind, not a mistake: it means "now". */
    static final Duration SEND_AT_CLOCK_SKEW = Duration.ofSeconds(5);
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final int MAX_THROTTLE_LIMIT = 10_000;
    static final Duration MAX_THROTTLE_WINDOW = Duration.ofDays(31);
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_IDEMPOTENCY_KEY_LENGTH + "}");
    static final int MAX_EMAIL_LENGTH = 254;
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    static final Pattern E164_PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_PUSH_TOKENS = 20;
    static final int MAX_PUSH_TOKEN_LENGTH = 4096;
    static final Pattern NOTIFICATION_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String CHANNEL_NAMES = names(Channel.values());
    private static final String PRIORITY_NAMES = names(Priority.values());

    private RequestChecks() {
    }

    static String recipientId(String value) {
        return matching("recipientId", value, RECIPIENT_ID);
    }

    static String templateKey(String value) {
        return matching("template", value, TEMPLATE_KEY);
    }

    /** Absent means the latest. */
    static Integer templateVersion(Integer value) {
        if (value != null && value < 1) {
            throw invalid("version", "must be 1 or more, was " + value);
        }
        return value;
    }

    static String category(String value) {
        return matching("category", value, CATEGORY);
    }

    /** Topic keys look like categories: they appear in paths. */
    static String topic(String field, String value) {
        return matching(field, value, CATEGORY);
    }

    /**
     * The recipients of a topic call: 1 to {@value dev.herald.api.topic.AddTopicSubscribersCommand#MAX_RECIPIENTS}
     * valid recipient ids; duplicates collapse.
     */
    static List<String> topicRecipients(List<String> values) {
        int max = dev.herald.api.topic.AddTopicSubscribersCommand.MAX_RECIPIENTS;
        if (values == null || values.isEmpty()) {
            throw invalid("recipientIds", "must name 1 to " + max + " recipients");
        }
        if (values.size() > max) {
            throw invalid("recipientIds", "must name at most " + max + " recipients a call, named " + values.size());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String value : values) {
            ids.add(matching("recipientIds", value, RECIPIENT_ID));
        }
        return new ArrayList<>(ids);
    }

    /**
     * The shape of a batch of recipients: 1 to {@code max} items, none missing and no id twice (two items for one
     * recipient would race each other). Each item's own fields are checked with that item, so that one bad item
     * fails alone.
     */
    static List<RecipientBatchRequest.Item> recipientBatch(RecipientBatchRequest request, int max) {
        List<RecipientBatchRequest.Item> items = request == null ? null : request.recipients();
        if (items == null || items.isEmpty()) {
            throw invalid("recipients", "must list 1 to " + max + " recipients");
        }
        if (items.size() > max) {
            throw invalid("recipients", "must list at most " + max + " recipients a call, listed " + items.size());
        }
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            RecipientBatchRequest.Item item = items.get(i);
            if (item == null) {
                throw invalid("recipients[" + i + "]", "must be an object");
            }
            if (item.recipientId() != null && !ids.add(item.recipientId())) {
                throw invalid("recipients[" + i + "].recipientId", "'" + item.recipientId()
                        + "' is listed twice; list each recipient once");
            }
        }
        return items;
    }

    /** Subscriptions may also name {@link Subscriptions#EVERY_CATEGORY}. */
    static String subscriptionCategory(String value) {
        return Subscriptions.EVERY_CATEGORY.equals(value) ? value : category(value);
    }

    /** Names are matched ignoring case; duplicates collapse. */
    static Set<Channel> channels(List<String> values, boolean emptyAllowed) {
        if (values == null || values.isEmpty()) {
            if (emptyAllowed) {
                return EnumSet.noneOf(Channel.class);
            }
            throw invalid("channels", "must name at least one channel, expected some of " + CHANNEL_NAMES);
        }
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String value : values) {
            channels.add(channel(value));
        }
        return channels;
    }

    private static Channel channel(String value) {
        if (value != null) {
            for (Channel channel : Channel.values()) {
                if (channel.name().equalsIgnoreCase(value.trim())) {
                    return channel;
                }
            }
        }
        throw invalid("channels", "unknown channel '" + value + "', expected one of " + CHANNEL_NAMES);
    }

    /** Absent means NORMAL. */
    static Priority priority(String value) {
        if (value == null) {
            return Priority.NORMAL;
        }
        for (Priority priority : Priority.values()) {
            if (priority.name().equalsIgnoreCase(value.trim())) {
                return priority;
            }
        }
        throw invalid("priority", "unknown priority '" + value + "', expected one of " + PRIORITY_NAMES);
    }

    static String title(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("title", "is required");
        }
        return atMost("title", value, MAX_TITLE_LENGTH);
    }

    /** Absent means empty. */
    static String body(String value) {
        return value == null ? "" : atMost("body", value, MAX_BODY_LENGTH);
    }

    /** Absent means empty. */
    static Map<String, Object> data(Map<String, Object> value) {
        if (value == null) {
            return Map.of();
        }
        int size = CanonicalJson.write(value).length;
        if (size > MAX_DATA_BYTES) {
            throw invalid("data", "must be at most " + MAX_DATA_BYTES + " bytes once serialised as JSON, was "
                    + size);
        }
        return value;
    }

    /**
     * Absent means now. The instant is kept as given even when it is due already, so that a retry carries the
     * same fingerprint; the aggregate decides whether it is scheduled.
     */
    static Instant sendAt(String value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant sendAt;
        try {
            sendAt = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("sendAt", "must be an ISO-8601 date-time with an offset, such as 2030-01-31T09:00:00Z, "
                    + "was '" + value + "'");
        }
        if (sendAt.isBefore(now.minus(SEND_AT_CLOCK_SKEW))) {
            throw invalid("sendAt", "must not be in the past, was " + sendAt);
        }
        if (sendAt.isAfter(now.plus(MAX_SCHEDULE_AHEAD))) {
            throw invalid("sendAt", "must be at most " + MAX_SCHEDULE_AHEAD.toDays() + " days ahead, was " + sendAt);
        }
        return sendAt;
    }

    static String idempotencyKey(String value) {
        if (value == null || !IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw invalid("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " visible ASCII characters (no spaces)");
        }
        return value;
    }

    /** Blank means the recipient has no email address. */
    static String email(String value) {
        String email = blankToNull(value);
        if (email != null && (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches())) {
            throw invalid("email", "must be an email address such as ada@example.com, was '" + value + "'");
        }
        return email;
    }

    /** Blank means the recipient has no phone number. */
    static String phone(String value) {
        String phone = blankToNull(value);
        if (phone != null && !E164_PHONE.matcher(phone).matches()) {
            throw invalid("phone", "must be in E.164 form such as +14155550123, was '" + value + "'");
        }
        return phone;
    }

    /** Blank means the recipient has no webhook. */
    static String webhookUrl(String value) {
        String url = blankToNull(value);
        if (url == null) {
            return null;
        }
        if (url.length() > MAX_URL_LENGTH || !isHttpUrl(url)) {
            throw invalid("webhookUrl", "must be an absolute http or https URL of at most " + MAX_URL_LENGTH
                    + " characters, was '" + value + "'");
        }
        return url;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Absent means none; duplicates collapse, keeping the first occurrence's position. */
    static List<String> pushTokens(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw invalid("pushTokens", "must not contain blank tokens");
            }
            tokens.add(atMost("pushTokens", value, MAX_PUSH_TOKEN_LENGTH));
        }
        if (tokens.size() > MAX_PUSH_TOKENS) {
            throw invalid("pushTokens", "must hold at most " + MAX_PUSH_TOKENS + " tokens, was " + tokens.size());
        }
        return new ArrayList<>(tokens);
    }

    /** A BCP 47 language tag, returned in its canonical case (en-us becomes en-US). */
    static String locale(String value) {
        String tag = blankToNull(value);
        if (tag == null) {
            return null;
        }
        try {
            return new Locale.Builder().setLanguageTag(tag).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw invalid("locale", "must be a BCP 47 language tag such as en-GB, was '" + value + "'");
        }
    }

    /** An IANA time zone id such as Europe/Paris. */
    static String timeZone(String value) {
        String zone = blankToNull(value);
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw invalid("timeZone", "must be a time zone id such as Europe/Paris, was '" + value + "'");
        }
    }

    /**
     * A send's digest in canonical form, or null without one: a key of the category's shape (so never a {@code /},
     * which separates the parts of a digest's aggregate id), a window of a known form, no send time (a digest
     * collects at acceptance) and at least one channel that a digest collects.
     */
    static DigestRequest digest(DigestRequest value, Set<Channel> channels, Instant sendAt) {
        if (value == null) {
            return null;
        }
        String key = matching("digest.key", value.key(), DIGEST_KEY);
        DigestWindow window;
        try {
            window = DigestWindow.parse(value.window());
        } catch (IllegalArgumentException e) {
            throw invalid("digest.window", e.getMessage());
        }
        if (sendAt != null) {
            throw invalid("digest", "cannot be combined with sendAt: a digest collects a send when it is accepted");
        }
        if (channels.stream().noneMatch(DigestRequest.CHANNELS::contains)) {
            throw invalid("digest", "needs EMAIL, PUSH or SMS among the channels: only those are collected into a "
                    + "digest (IN_APP and WEBHOOK go out at once)");
        }
        return new DigestRequest(key, window.toString());
    }

    /** A fixed-length digest window within the configured bounds; a daily one is always within. */
    static DigestRequest digestWithin(DigestRequest digest, DigestProperties limits) {
        if (digest == null) {
            return null;
        }
        Duration length = DigestWindow.parse(digest.window()).length();
        if (length != null && (length.compareTo(limits.minWindow()) < 0 || length.compareTo(limits.maxWindow()) > 0)) {
            throw invalid("digest.window", "must be from " + limits.minWindow() + " to " + limits.maxWindow()
                    + " (herald.digest.min-window, herald.digest.max-window), was " + digest.window());
        }
        return digest;
    }

    /**
     * A send's throttle, or null without one: a key shaped like a category, a limit of 1 to {@value #MAX_THROTTLE_LIMIT}
     * and an ISO-8601 window of 1 second to {@link #MAX_THROTTLE_WINDOW} (both bound what a throttle remembers).
     */
    static ThrottleRule throttle(SendNotificationRequest.ThrottleRequest value) {
        if (value == null) {
            return null;
        }
        String key = matching("throttle.key", value.key(), CATEGORY);
        if (value.limit() == null) {
            throw invalid("throttle.limit", "is required");
        }
        if (value.limit() < 1 || value.limit() > MAX_THROTTLE_LIMIT) {
            throw invalid("throttle.limit", "must be 1 to " + MAX_THROTTLE_LIMIT + ", was " + value.limit());
        }
        if (value.window() == null || value.window().isBlank()) {
            throw invalid("throttle.window", "is required, an ISO-8601 duration such as PT1H");
        }
        Duration window;
        try {
            window = Duration.parse(value.window().strip());
        } catch (DateTimeParseException e) {
            throw invalid("throttle.window", "must be an ISO-8601 duration such as PT1H, was '" + value.window() + "'");
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_THROTTLE_WINDOW) > 0) {
            throw invalid("throttle.window", "must be from PT1S to P" + MAX_THROTTLE_WINDOW.toDays() + "D, was "
                                            + value.window().strip());
        }
        return new ThrottleRule(key, value.limit(), window);
    }

    /** Ids are lower-case UUIDs made here; anything else cannot name a notification. */
    static boolean isNotificationId(String value) {
        return NOTIFICATION_ID.matcher(value).matches();
    }

    static ServerWebInputException invalid(String field, String problem) {
        return new ServerWebInputException(field + ": " + problem);
    }

    static String matching(String field, String value, Pattern pattern) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, "is required");
        }
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, "must match " + pattern.pattern() + ", was '" + value + "'");
        }
        return value;
    }

    private static String atMost(String field, String value, int maxLength) {
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters, was " + length);
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
}

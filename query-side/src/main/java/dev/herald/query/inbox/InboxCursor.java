package dev.herald.query.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the next page of a listing starts: it holds the matching entries placed before {@code beforePosition},
 * newest first. On the wire it is opaque, URL-safe text.
 */
public record InboxCursor(long beforePosition) {

    private static final Pattern FORMAT = Pattern.compile("p(\\d{1,18})");

    /**
     * @throws IllegalArgumentException when the text is not a cursor this API handed out
     */
    public static InboxCursor decode(String text) {
        if (text == null) {
            throw invalid();
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        Matcher matcher = FORMAT.matcher(decoded);
        if (!matcher.matches()) {
            throw invalid();
        }
        return new InboxCursor(Long.parseLong(matcher.group(1)));
    }

    /** The cursor of the page that follows the item at this position (a GraphQL edge's cursor). */
    public static InboxCursor after(long position) {
        return new InboxCursor(position);
    }

    public String encode() {
        String plain = "p" + beforePosition;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("not a cursor from a previous page");
    }
}

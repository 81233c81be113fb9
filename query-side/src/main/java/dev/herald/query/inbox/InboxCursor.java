package dev.herald.query.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a recipient's inbox: the next page holds the entries before {@code index} in {@code bucket},
 * then those of older buckets. On the wire it is opaque, URL-safe text.
 */
public record InboxCursor(int bucket, int index) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})");

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
        return new InboxCursor(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** The cursor of the page that follows the item at this position (a GraphQL edge's cursor). */
    public static InboxCursor after(long position) {
        InboxPosition at = InboxPosition.of(position);
        return new InboxCursor(at.bucket(), at.index());
    }

    public String encode() {
        String plain = bucket + "." + index;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("not a cursor from a previous page");
    }
}

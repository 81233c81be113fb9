package dev.herald.saga.unsubscribe;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.api.Channel;
import dev.herald.saga.HmacSha256;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, URL-safe tokens that let whoever holds one opt a recipient out of one category on one channel, without
 * logging in: the link in every email. The format is {@code <recipientId>.<category>.<CHANNEL>.<mac>}, the first two
 * base64url encoded, the mac an HMAC-SHA256 of everything before it. Tokens do not expire, because an unsubscribe link
 * has to keep working for as long as the email sits in a mailbox.
 */
public final class UnsubscribeTokens {

    static final int MIN_SECRET_BYTES = 32;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final String secret;

    public UnsubscribeTokens(String secret) {
        if (secret == null || secret.getBytes(UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("herald.delivery.unsubscribe-secret must be set to at least "
                                                       + MIN_SECRET_BYTES + " bytes (the same on every node)");
        }
        this.secret = secret;
    }

    /** Who is opted out of what, as a verified token says. */
    public record Unsubscription(String recipientId, String category, Channel channel) {
    }

    public String issue(String recipientId, String category, Channel channel) {
        String signed = encode(recipientId) + "." + encode(category) + "." + channel.name();
        return signed + "." + ENCODER.encodeToString(HmacSha256.sign(secret, signed));
    }

    /** What the token grants, or empty when it is malformed or was not signed with this secret. */
    public Optional<Unsubscription> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            String signed = parts[0] + "." + parts[1] + "." + parts[2];
            if (!MessageDigest.isEqual(HmacSha256.sign(secret, signed), DECODER.decode(parts[3]))) {
                return Optional.empty();
            }
            return Optional.of(new Unsubscription(decode(parts[0]), decode(parts[1]), Channel.valueOf(parts[2])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return ENCODER.encodeToString(value.getBytes(UTF_8));
    }

    private static String decode(String value) {
        return new String(DECODER.decode(value), UTF_8);
    }
}

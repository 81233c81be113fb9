package dev.herald.saga.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.saga.HmacSha256;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Webhook signatures as the Standard Webhooks specification defines them, so that receivers can verify them with the
 * libraries that exist for it (Svix's and the specification's own, in many languages). Three headers:
 * {@code webhook-id} (the delivery's idempotency key, the same on every attempt), {@code webhook-timestamp} (unix
 * seconds) and {@code webhook-signature}: {@code v1,<base64>} per secret, space-separated, where the base64 is the
 * HMAC-SHA256 of {@code <id>.<timestamp>.<body>} keyed with the secret's bytes. During a rotation a webhook carries a
 * signature by each valid secret, and a receiver that knows either accepts it.
 *
 * <p>A secret is {@code whsec_} followed by the base64 of its key bytes, as the specification writes them. Any other
 * string (secrets configured before Herald followed the specification) keys the HMAC with its UTF-8 bytes; a
 * receiver then passes those bytes to its library.
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    private static final int NEW_SECRET_BYTES = 32;

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header: one {@code v1,<base64>} per secret, in their order. */
    public static String header(List<String> secrets, String id, long unixSeconds, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs at least one signing secret");
        }
        return secrets.stream().map(secret -> sign(secret, id, unixSeconds, body)).collect(Collectors.joining(" "));
    }

    /** One signature, {@code v1,<base64>}. */
    public static String sign(String secret, String id, long unixSeconds, String body) {
        byte[] mac = HmacSha256.sign(key(secret), id + "." + unixSeconds + "." + body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /** The HMAC key of a secret; refuses a {@code whsec_} secret whose rest is not base64 or is empty. */
    public static byte[] key(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook signing secret must not be blank");
        }
        if (!secret.startsWith(SECRET_PREFIX)) {
            return secret.getBytes(UTF_8);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a whsec_ webhook signing secret must be followed by base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("a whsec_ webhook signing secret must not be empty");
        }
        return key;
    }

    /** A new secret of 32 random bytes, written {@code whsec_<base64>}. */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[NEW_SECRET_BYTES];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }
}

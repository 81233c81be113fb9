package dev.herald.saga.channel;

import dev.herald.saga.HmacSha256;
import java.util.HexFormat;

/**
 * The {@code Herald-Signature} header of a webhook: {@code t=<unix seconds>,v1=<hex>}, where the hex is the
 * lower-case HMAC-SHA256, keyed with the signing secret, of {@code <t>.<body>} (the timestamp as sent, a dot, and the
 * raw request body). A receiver recomputes it, compares in constant time and rejects an old {@code t}, which stops
 * both forgery and replay.
 */
public final class WebhookSignature {

    public static final String HEADER = "Herald-Signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, String body) {
        byte[] mac = HmacSha256.sign(secret, unixSeconds + "." + body);
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac);
    }
}

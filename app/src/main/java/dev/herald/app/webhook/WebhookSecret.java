package dev.herald.app.webhook;

import java.time.Instant;

/**
 * One of a sender's webhook signing secrets.
 *
 * @param secret    {@code whsec_<base64>}; kept as it is, since Herald signs with it (unlike an API key, which is only
 *                  ever compared and so kept as a hash)
 * @param retiredAt null while the secret signs
 */
public record WebhookSecret(String secretId, String senderId, String secret, Instant createdAt, Instant retiredAt) {

    boolean active() {
        return retiredAt == null;
    }
}

package dev.herald.app.webhook;

import dev.herald.saga.channel.WebhookSecrets;
import dev.herald.saga.channel.WebhookSignature;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Senders' own webhook signing secrets, with rotation: a sender creates a new secret while the old one still signs
 * (webhooks then carry a signature by each, so that receivers can switch at their own pace) and retires the old one
 * afterwards. At most {@value #MAX_ACTIVE} secrets sign at once (two nodes creating a sender's secret at the same
 * moment could make it three; the sender then retires one, and all three sign until it does).
 */
@Component
public class WebhookSecretStore implements WebhookSecrets {

    static final int MAX_ACTIVE = 2;

    private final WebhookSecretRecords records;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    WebhookSecretStore(WebhookSecretRecords records) {
        this.records = records;
        this.clock = Clock.systemUTC();
    }

    /** Thrown when a sender that already has {@value #MAX_ACTIVE} active secrets asks for another. */
    public static final class TooManySecretsException extends RuntimeException {

        TooManySecretsException() {
            super("a sender has at most " + MAX_ACTIVE + " active webhook secrets; retire the previous one first");
        }
    }

    /** A new active secret for the sender; only this answer holds its value. */
    public WebhookSecret create(String senderId) {
        List<WebhookSecret> existing = records.ofSender(senderId);
        if (existing.stream().filter(WebhookSecret::active).count() >= MAX_ACTIVE) {
            throw new TooManySecretsException();
        }
        // Strictly after the newest, so that "newest first" never depends on how a store breaks a tie.
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!existing.isEmpty() && !createdAt.isAfter(existing.get(0).createdAt())) {
            createdAt = existing.get(0).createdAt().plusMillis(1);
        }
        WebhookSecret secret = new WebhookSecret("wsk_" + UUID.randomUUID().toString().replace("-", ""), senderId,
                                                 WebhookSignature.newSecret(random), createdAt, null);
        records.insert(secret);
        return secret;
    }

    /** The sender's secrets, newest first, without their values. */
    public List<WebhookSecret> list(String senderId) {
        return records.ofSender(senderId).stream()
                .map(secret -> new WebhookSecret(secret.secretId(), secret.senderId(), null, secret.createdAt(),
                                                 secret.retiredAt()))
                .toList();
    }

    /** @return false when the sender has no such secret */
    public boolean retire(String senderId, String secretId) {
        return records.retire(senderId, secretId, clock.instant());
    }

    @Override
    public List<String> forSender(String senderId) {
        if (senderId == null) {
            return List.of();
        }
        return records.ofSender(senderId).stream().filter(WebhookSecret::active).map(WebhookSecret::secret).toList();
    }
}

package dev.herald.api.inbox;

import java.time.Instant;

/**
 * An attempt (the README's glossary): one call to a channel's provider, numbered from 1 per channel; {@code error}
 * is null for a successful or still running attempt.
 *
 * @param provider the name of the provider the attempt went to ({@code herald.delivery.<channel>.providers}); null for
 *                 attempts recorded before channels had named providers, which all went to the channel's single
 *                 provider, for webhooks (each goes to the recipient's own URL) and for the in-app channel
 */
public record DeliveryAttempt(int attempt, Instant at, String error, String provider) {

    public DeliveryAttempt(int attempt, Instant at, String error) {
        this(attempt, at, error, null);
    }
}

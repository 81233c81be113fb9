package dev.herald.api.inbox;

import java.time.Instant;

/**
 * An attempt (the README's glossary): one call to a channel's provider, numbered from 1 per channel; {@code error}
 * is null for a successful or still running attempt.
 */
public record DeliveryAttempt(int attempt, Instant at, String error) {
}

package dev.herald.api.inbox;

import java.time.Instant;

/** One attempt on a channel; {@code error} is null for a successful or still running attempt. */
public record DeliveryAttempt(int attempt, Instant at, String error) {
}

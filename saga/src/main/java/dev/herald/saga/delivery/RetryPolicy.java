package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import dev.herald.saga.DeliveryProperties;
import dev.herald.saga.DeliveryProperties.RetrySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a channel is tried again: exponential backoff with full jitter, at most {@code maxAttempts} attempts, and never
 * after the channel's overall deadline. Full jitter spreads the retries of many notifications that failed together
 * (a provider outage) instead of sending them back in one wave.
 */
public final class RetryPolicy {

    private final DeliveryProperties.Retry retry;
    private final Duration attemptWatchdog;
    private final Jitter jitter;

    public RetryPolicy(DeliveryProperties.Retry retry, Duration attemptWatchdog, Jitter jitter) {
        this.retry = retry;
        this.attemptWatchdog = attemptWatchdog;
        this.jitter = jitter;
    }

    public static RetryPolicy from(DeliveryProperties properties, Jitter jitter) {
        return new RetryPolicy(properties.retry(), properties.attemptWatchdog(), jitter);
    }

    public RetrySettings settings(Channel channel) {
        return retry.forChannel(channel);
    }

    /** How long after an attempt was handed to a worker it counts as lost when no outcome was recorded. */
    public Duration attemptWatchdog() {
        return attemptWatchdog;
    }

    /** The last moment a channel may be attempted, for a notification that became due at {@code dueAt}. */
    public Instant giveUpAt(Channel channel, Instant dueAt) {
        return dueAt.plus(settings(channel).deadline());
    }

    /** A random delay in {@code [0, min(maxDelay, firstDelay * 2^(failedAttempt - 1))]}. */
    public Duration backoff(Channel channel, int failedAttempt) {
        RetrySettings settings = settings(channel);
        Duration bound = settings.maxDelay();
        int doublings = Math.max(0, failedAttempt - 1);
        // Compared by division, so that a long run of attempts cannot overflow the multiplication.
        if (doublings < Long.SIZE - 1 && settings.firstDelay().toMillis() <= bound.toMillis() >> doublings) {
            bound = settings.firstDelay().multipliedBy(1L << doublings);
        }
        Duration picked = jitter.upTo(bound);
        return picked.isNegative() ? Duration.ZERO : picked.compareTo(bound) > 0 ? bound : picked;
    }

    /**
     * When the attempt after {@code failedAttempt} is due, or empty when none may follow: the attempts are used up,
     * or the next one would come after {@code giveUpAt}.
     *
     * @param retryAfter the provider's own {@code Retry-After}, used instead of the backoff when given
     */
    public Optional<Instant> nextAttemptAt(Channel channel, int failedAttempt, Duration retryAfter, Instant now,
                                           Instant giveUpAt) {
        if (failedAttempt >= settings(channel).maxAttempts()) {
            return Optional.empty();
        }
        Duration delay = retryAfter != null ? retryAfter : backoff(channel, failedAttempt);
        Instant next = now.plus(delay);
        return next.isAfter(giveUpAt) ? Optional.empty() : Optional.of(next);
    }
}

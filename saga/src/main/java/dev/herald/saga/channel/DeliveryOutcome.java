package dev.herald.saga.channel;

import java.time.Duration;

/** An outcome (the README's glossary): what a provider made of one attempt. */
public sealed interface DeliveryOutcome {

    static DeliveryOutcome delivered() {
        return new Delivered();
    }

    static DeliveryOutcome retryable(String error) {
        return new Failed(error, true, null);
    }

    /** A failure the provider asked to retry no sooner than {@code retryAfter} (its {@code Retry-After}). */
    static DeliveryOutcome retryable(String error, Duration retryAfter) {
        return new Failed(error, true, retryAfter);
    }

    /** A failure that no retry can fix: a rejected address, a malformed request, a missing provider. */
    static DeliveryOutcome permanent(String error) {
        return new Failed(error, false, null);
    }

    /** The provider accepted the message. */
    record Delivered() implements DeliveryOutcome {
    }

    /** @param retryAfter null unless the provider said when to come back */
    record Failed(String error, boolean retryable, Duration retryAfter) implements DeliveryOutcome {
    }
}

package dev.herald.api.throttle;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import java.time.Duration;

/**
 * A send's throttle: of the sends to one recipient that name {@code key}, at most {@code limit} pass in any
 * {@code window} (a sliding window: whatever instant it starts at); the others are recorded as skipped with reason
 * {@link dev.herald.api.SkipReason#THROTTLED}.
 */
public record ThrottleRule(String key, int limit, Duration window) {

    public ThrottleRule {
        requireNonBlank(key, "throttle.key");
        requireNonNull(window, "throttle.window");
        if (limit < 1) {
            throw new IllegalArgumentException("throttle.limit must be 1 or more, was " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("throttle.window must be positive, was " + window);
        }
    }
}

package dev.herald.api;

import java.time.Duration;

/**
 * How long Herald waits for one command or query it dispatched ({@code herald.commands.timeout}): an HTTP request
 * for its command or query, a delivery worker for the command that records an attempt. The application binds it once
 * and every module receives it as a bean; none keeps a timeout of its own.
 */
public record CommandTimeout(Duration value) {

    public CommandTimeout {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("herald.commands.timeout must be a positive duration, not " + value);
        }
    }
}

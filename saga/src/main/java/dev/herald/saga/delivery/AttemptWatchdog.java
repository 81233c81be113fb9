package dev.herald.saga.delivery;

import dev.herald.api.Channel;

/** Deadline payload: this attempt should have recorded an outcome by now. */
public record AttemptWatchdog(Channel channel, int attempt) {
}

package dev.herald.saga.delivery;

import dev.herald.api.Channel;

/** Deadline payload: the channel's next attempt is due. */
public record RetryDue(Channel channel, int attempt) {
}

package dev.herald.query.status;

import dev.herald.api.Channel;
import dev.herald.api.SkipReason;

/** A channel that was not attempted, and why. */
record SkippedChannel(Channel channel, SkipReason reason) {
}

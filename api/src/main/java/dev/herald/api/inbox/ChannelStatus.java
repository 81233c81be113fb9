package dev.herald.api.inbox;

import dev.herald.api.Channel;
import dev.herald.api.notification.ChannelState;
import java.util.List;

/**
 * A channel status (the README's glossary): one channel of a notification as a sender reads it, its state and every
 * attempt made on it, oldest first.
 */
public record ChannelStatus(Channel channel, ChannelState status, List<DeliveryAttempt> attempts) {
}

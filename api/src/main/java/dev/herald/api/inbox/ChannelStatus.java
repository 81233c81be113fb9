package dev.herald.api.inbox;

import dev.herald.api.Channel;
import dev.herald.api.notification.ChannelState;
import java.time.Instant;
import java.util.List;

/**
 * A channel status (the README's glossary): one channel of a notification as a sender reads it, its state and every
 * attempt made on it, oldest first.
 *
 * @param heldUntil when a PENDING channel is held by the recipient's quiet hours: when they end and it is attempted;
 *                  null otherwise
 */
public record ChannelStatus(Channel channel, ChannelState status, List<DeliveryAttempt> attempts, Instant heldUntil) {

    public ChannelStatus(Channel channel, ChannelState status, List<DeliveryAttempt> attempts) {
        this(channel, status, attempts, null);
    }
}

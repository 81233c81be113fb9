package dev.herald.api.inbox;

import dev.herald.api.Channel;
import dev.herald.api.notification.DeliveryStatus;
import java.util.List;

/** One channel of a notification: where it stands and every attempt made on it, oldest first. */
public record ChannelStatus(Channel channel, DeliveryStatus status, List<DeliveryAttempt> attempts) {
}

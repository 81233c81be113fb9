package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import dev.herald.api.SkipReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The channel will not be attempted, for the given reason. A no-op once the channel is final. */
public record RecordDeliverySkippedCommand(@TargetAggregateIdentifier String notificationId, Channel channel,
                                           SkipReason reason) {

    public RecordDeliverySkippedCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
        requireNonNull(reason, "reason");
    }
}

package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Further attempts on the channel stopped because the notification was cancelled. A no-op once final. */
public record RecordDeliveryCancelledCommand(@TargetAggregateIdentifier String notificationId, Channel channel) {

    public RecordDeliveryCancelledCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
    }
}

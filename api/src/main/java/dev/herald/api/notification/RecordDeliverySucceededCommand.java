package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The named provider accepted the channel's message. A no-op once the channel has a final outcome. */
public record RecordDeliverySucceededCommand(@TargetAggregateIdentifier String notificationId, Channel channel,
                                             int attempt, String provider) {

    public RecordDeliverySucceededCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
    }

    public RecordDeliverySucceededCommand(String notificationId, Channel channel, int attempt) {
        this(notificationId, channel, attempt, null);
    }
}

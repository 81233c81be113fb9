package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The channel failed for good after {@code attempts} attempts. A no-op once the channel is final. */
public record RecordDeliveryFailedCommand(@TargetAggregateIdentifier String notificationId, Channel channel,
                                          int attempts, String lastError) {

    public RecordDeliveryFailedCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
    }
}

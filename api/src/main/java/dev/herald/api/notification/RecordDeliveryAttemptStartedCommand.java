package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The saga is about to try the channel. A repeat of the same attempt number is a no-op. */
public record RecordDeliveryAttemptStartedCommand(@TargetAggregateIdentifier String notificationId, Channel channel,
                                                  int attempt) {

    public RecordDeliveryAttemptStartedCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
    }
}

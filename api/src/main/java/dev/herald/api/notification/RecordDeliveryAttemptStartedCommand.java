package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The saga is about to try the channel through the named provider (null: the channel has no named provider). A
 * repeat of the same attempt number is a no-op.
 */
public record RecordDeliveryAttemptStartedCommand(@TargetAggregateIdentifier String notificationId, Channel channel,
                                                  int attempt, String provider) {

    public RecordDeliveryAttemptStartedCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
    }

    public RecordDeliveryAttemptStartedCommand(String notificationId, Channel channel, int attempt) {
        this(notificationId, channel, attempt, null);
    }
}

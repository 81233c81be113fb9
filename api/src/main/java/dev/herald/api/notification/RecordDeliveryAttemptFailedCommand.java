package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * One attempt failed at the named provider (null when it never reached one); {@code nextAttemptAt} is null when no
 * retry follows. A no-op once the channel is final.
 */
public record RecordDeliveryAttemptFailedCommand(@TargetAggregateIdentifier String notificationId, Channel channel,
                                                 int attempt, String error, boolean retryable, Instant nextAttemptAt,
                                                 String provider) {

    public RecordDeliveryAttemptFailedCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonNull(channel, "channel");
        error = error == null ? "unknown error" : error;
    }

    public RecordDeliveryAttemptFailedCommand(String notificationId, Channel channel, int attempt, String error,
                                              boolean retryable, Instant nextAttemptAt) {
        this(notificationId, channel, attempt, error, retryable, nextAttemptAt, null);
    }
}

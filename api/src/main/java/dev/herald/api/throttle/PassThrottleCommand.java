package dev.herald.api.throttle;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.AggregateIds;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks a recipient's throttle whether a send may pass; answers true when it passes (and records it), false when it
 * is throttled. A repeat for a notification that already passed answers true again and records nothing. The send
 * path does not dispatch it: the Notification aggregate hands it to the throttle it loads in the send's own unit of
 * work, so that the pass and the send are stored together.
 */
public record PassThrottleCommand(@TargetAggregateIdentifier String throttleId, String recipientId,
                                  ThrottleRule rule, String notificationId) {

    public PassThrottleCommand {
        requireNonBlank(recipientId, "recipientId");
        requireNonNull(rule, "rule");
        requireNonBlank(notificationId, "notificationId");
        throttleId = AggregateIds.throttle(recipientId, rule.key());
    }

    public PassThrottleCommand(String recipientId, ThrottleRule rule, String notificationId) {
        this(null, recipientId, rule, notificationId);
    }
}

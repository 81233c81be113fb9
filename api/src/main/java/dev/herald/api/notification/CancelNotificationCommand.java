package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The sender withdraws a scheduled notification before its send time. Only its own sender may. */
public record CancelNotificationCommand(@TargetAggregateIdentifier String notificationId, String senderId) {

    public CancelNotificationCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonBlank(senderId, "senderId");
    }
}

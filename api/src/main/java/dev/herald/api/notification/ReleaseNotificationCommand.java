package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A scheduled notification's send time has come. A no-op for one that is already released or cancelled. */
public record ReleaseNotificationCommand(@TargetAggregateIdentifier String notificationId) {

    public ReleaseNotificationCommand {
        requireNonBlank(notificationId, "notificationId");
    }
}

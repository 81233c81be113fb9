package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The recipient archived the notification: it leaves the inbox's default view. */
public record ArchiveNotificationCommand(@TargetAggregateIdentifier String notificationId, String recipientId) {

    public ArchiveNotificationCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonBlank(recipientId, "recipientId");
    }
}

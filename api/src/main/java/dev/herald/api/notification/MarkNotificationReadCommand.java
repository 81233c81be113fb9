package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The recipient read the notification. The recipient id must be the notification's own. */
public record MarkNotificationReadCommand(@TargetAggregateIdentifier String notificationId, String recipientId) {

    public MarkNotificationReadCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonBlank(recipientId, "recipientId");
    }
}

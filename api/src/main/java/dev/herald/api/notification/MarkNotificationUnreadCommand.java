package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The recipient marked the notification unread again. */
public record MarkNotificationUnreadCommand(@TargetAggregateIdentifier String notificationId, String recipientId) {

    public MarkNotificationUnreadCommand {
        requireNonBlank(notificationId, "notificationId");
        requireNonBlank(recipientId, "recipientId");
    }
}

package dev.herald.api.recipient;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.ContactPoints;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates the recipient, or replaces its contact points. Repeating it with the same contact points is a no-op. */
public record UpsertRecipientCommand(@TargetAggregateIdentifier String recipientId, ContactPoints contactPoints) {

    public UpsertRecipientCommand {
        requireNonBlank(recipientId, "recipientId");
        requireNonNull(contactPoints, "contactPoints");
    }
}

package dev.herald.api.recipient;

import dev.herald.api.ContactPoints;
import dev.herald.api.RecipientScoped;

/** A recipient was created with its first contact points. */
public record RecipientRegisteredEvent(String recipientId, ContactPoints contactPoints) implements RecipientScoped {
}

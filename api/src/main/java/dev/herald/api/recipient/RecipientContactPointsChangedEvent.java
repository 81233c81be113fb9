package dev.herald.api.recipient;

import dev.herald.api.ContactPoints;
import dev.herald.api.RecipientScoped;

/** A recipient's contact points were replaced by these. */
public record RecipientContactPointsChangedEvent(String recipientId,
                                                 ContactPoints contactPoints) implements RecipientScoped {
}

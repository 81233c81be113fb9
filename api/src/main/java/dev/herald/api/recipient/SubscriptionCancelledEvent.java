package dev.herald.api.recipient;

import dev.herald.api.Channel;
import dev.herald.api.RecipientScoped;
import java.util.Set;

/** The recipient opted out of the category on these channels (only those not already opted out). */
public record SubscriptionCancelledEvent(String recipientId, String category,
                                         Set<Channel> channels) implements RecipientScoped {
}

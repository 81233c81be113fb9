package dev.herald.api.recipient;

import dev.herald.api.Channel;
import dev.herald.api.RecipientScoped;
import java.util.Set;

/** The recipient opted back in to the category on these channels (only those that were opted out). */
public record SubscriptionRenewedEvent(String recipientId, String category,
                                       Set<Channel> channels) implements RecipientScoped {
}

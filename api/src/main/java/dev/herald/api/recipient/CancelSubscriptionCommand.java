package dev.herald.api.recipient;

import static dev.herald.api.Checks.requireNonBlank;

import dev.herald.api.Channel;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opts the recipient out of a category. An empty channel set means every channel. Cancelling what is already
 * cancelled is a no-op.
 */
public record CancelSubscriptionCommand(@TargetAggregateIdentifier String recipientId, String category,
                                        Set<Channel> channels) {

    public CancelSubscriptionCommand {
        requireNonBlank(recipientId, "recipientId");
        requireNonBlank(category, "category");
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }
}

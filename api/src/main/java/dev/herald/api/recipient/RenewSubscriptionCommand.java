package dev.herald.api.recipient;

import static dev.herald.api.Checks.requireNonBlank;

import dev.herald.api.Channel;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opts the recipient back in to a category. An empty channel set means every channel. */
public record RenewSubscriptionCommand(@TargetAggregateIdentifier String recipientId, String category,
                                       Set<Channel> channels) {

    public RenewSubscriptionCommand {
        requireNonBlank(recipientId, "recipientId");
        requireNonBlank(category, "category");
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }
}

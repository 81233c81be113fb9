package dev.herald.api.recipient;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces all of the recipient's opt-outs by these: whatever is not listed is subscribed afterwards. Entries for
 * the same category are merged, an entry without channels means every channel, and category {@code *} stands for
 * every category. The Recipient records only the differences, as {@link SubscriptionRenewedEvent}s and then
 * {@link SubscriptionCancelledEvent}s, and answers with the opt-outs as recorded
 * ({@link dev.herald.api.inbox.RecipientSubscriptions}); repeating it changes nothing.
 */
public record ReplaceOptOutsCommand(@TargetAggregateIdentifier String recipientId, List<OptOut> optOuts) {

    public ReplaceOptOutsCommand {
        requireNonBlank(recipientId, "recipientId");
        requireNonNull(optOuts, "optOuts");
        List<OptOut> copied = new ArrayList<>(optOuts.size());
        for (OptOut optOut : optOuts) {
            requireNonNull(optOut, "optOuts entry");
            requireNonBlank(optOut.category(), "optOuts.category");
            List<Channel> channels = optOut.channels() == null ? List.of() : optOut.channels();
            for (Channel channel : channels) {
                requireNonNull(channel, "optOuts.channels entry");
            }
            copied.add(new OptOut(optOut.category(), List.copyOf(channels)));
        }
        optOuts = List.copyOf(copied);
    }
}

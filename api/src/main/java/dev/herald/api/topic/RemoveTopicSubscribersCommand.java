package dev.herald.api.topic;

import static dev.herald.api.Checks.requireNonBlank;

import dev.herald.api.AggregateIds;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Unsubscribes recipients from a topic, at most {@value AddTopicSubscribersCommand#MAX_RECIPIENTS} a command;
 * recipients that were not subscribed are ignored.
 */
public record RemoveTopicSubscribersCommand(String topic, List<String> recipientIds) {

    public RemoveTopicSubscribersCommand {
        requireNonBlank(topic, "topic");
        recipientIds = AddTopicSubscribersCommand.distinctSorted(recipientIds);
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.topic(topic);
    }
}

package dev.herald.api.topic;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;

import dev.herald.api.AggregateIds;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Subscribes recipients to a topic, at most {@value #MAX_RECIPIENTS} a command. Recipients already subscribed stay
 * subscribed; recipients need not be registered yet (a broadcast skips those that are not when it reaches them).
 */
public record AddTopicSubscribersCommand(String topic, List<String> recipientIds) {

    public static final int MAX_RECIPIENTS = 1_000;

    public AddTopicSubscribersCommand {
        requireNonBlank(topic, "topic");
        recipientIds = distinctSorted(recipientIds);
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.topic(topic);
    }

    /** Sorted and without duplicates, so that an event says exactly which recipients it names. */
    static List<String> distinctSorted(List<String> recipientIds) {
        requireNonEmpty(recipientIds, "recipientIds");
        Set<String> distinct = new TreeSet<>();
        for (String recipientId : recipientIds) {
            distinct.add(requireNonBlank(recipientId, "recipientIds[]"));
        }
        if (distinct.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("recipientIds must name at most " + MAX_RECIPIENTS
                                               + " recipients, named " + distinct.size());
        }
        return List.copyOf(distinct);
    }
}

package dev.herald.command.topic;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.AggregateIds;
import dev.herald.api.topic.AddTopicSubscribersCommand;
import dev.herald.api.topic.RemoveTopicSubscribersCommand;
import dev.herald.api.topic.TopicSubscribersAddedEvent;
import dev.herald.api.topic.TopicSubscribersRemovedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A topic's subscriptions, as events that name up to a thousand recipients each and that readers apply with set
 * semantics. The aggregate keeps no per-subscriber state: none of its rules needs it, and a topic with two million
 * subscribers would otherwise load two million ids for every command. What it buys instead:
 * <ul>
 *   <li>Load cost: a call of a thousand ids is one command and one event (per-recipient aggregates would make it a
 *       thousand of each, and two million commands for a two-million topic instead of two thousand).</li>
 *   <li>Ordering: a topic's changes are sequenced by the aggregate, so the read model applies adds and removes for
 *       the same recipient in the order they were accepted.</li>
 *   <li>Concurrency: changes to one topic serialize on its aggregate (one append each, a snapshot every
 *       {@value dev.herald.command.broadcast.SnapshotTriggers#EVENTS_PER_SNAPSHOT} events keeps its load short);
 *       different topics never contend. A recipient's own topics are a query on the read model, so nothing needs a
 *       per-recipient aggregate.</li>
 * </ul>
 * The event repeats ids already subscribed (or already gone); deciding that here would need the very state left out.
 */
@Aggregate(snapshotTriggerDefinition = "heraldSnapshotTrigger")
class Topic {

    /** {@code topic/<topic>}, not the key: see {@link AggregateIds}. Events carry the bare topic. */
    @AggregateIdentifier
    private String aggregateId;
    private String topic;

    Topic() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AddTopicSubscribersCommand command) {
        apply(new TopicSubscribersAddedEvent(command.topic(), command.recipientIds()));
    }

    /** Removing from a topic that never had a subscriber records nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RemoveTopicSubscribersCommand command) {
        if (topic != null) {
            apply(new TopicSubscribersRemovedEvent(command.topic(), command.recipientIds()));
        }
    }

    @EventSourcingHandler
    void on(TopicSubscribersAddedEvent event) {
        aggregateId = AggregateIds.topic(event.topic());
        topic = event.topic();
    }
}

package dev.herald.query;

import dev.herald.api.RecipientScoped;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * Orders a recipient's events one after the other, whichever aggregate raised them, so that one thread at a time
 * owns that recipient's read-model documents. Events without a recipient fall back to their aggregate.
 */
public final class RecipientSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof RecipientScoped scoped && scoped.recipientId() != null) {
            return scoped.recipientId();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}

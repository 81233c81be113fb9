package dev.herald.command.repository;

import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;

/**
 * Makes an aggregate with its own constructor, for aggregates without injected fields. Axon's Spring support
 * otherwise makes every loaded aggregate as a Spring prototype bean (a bean creation through every bean
 * post-processor, 5 % of a send load's CPU in a JFR profile on 2026-12-06), and Axon's {@code GenericAggregateFactory}
 * inspects the aggregate's handlers again with parameter resolvers that know no Spring beans, which the handlers'
 * injected parameters do not survive. Axon picks a factory up by the bean name {@code <aggregate>AggregateFactory}.
 * A stream that starts with a snapshot starts from the snapshot's aggregate, as Axon's own factories do.
 */
public final class PlainAggregateFactory<T> implements AggregateFactory<T> {

    private final Class<T> type;
    private final Supplier<T> constructor;

    public PlainAggregateFactory(Class<T> type, Supplier<T> constructor) {
        this.type = type;
        this.constructor = constructor;
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (firstEvent != null && type.isAssignableFrom(firstEvent.getPayloadType())) {
            return type.cast(firstEvent.getPayload());
        }
        return constructor.get();
    }

    @Override
    public Class<T> getAggregateType() {
        return type;
    }
}

package dev.herald.app.axon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaScopeDescriptor;

/**
 * A saga's deadlines fire on the node that holds the segment of the saga's event processor that the saga belongs to
 * (Axon places a saga in the segment that matches its identifier), see {@link MongoDeadlineManager.Affinity}.
 * Deadlines of any other scope fire anywhere.
 */
final class SagaSegmentAffinity implements MongoDeadlineManager.Affinity {

    private final Configuration axon;
    private final Map<String, Class<?>> sagaTypes;

    /**
     * @param sagaTypes every saga type that schedules deadlines
     */
    SagaSegmentAffinity(Configuration axon, List<Class<?>> sagaTypes) {
        this.axon = axon;
        // SagaScopeDescriptor names its saga type by simple name, as Axon's saga managers resolve it.
        this.sagaTypes = sagaTypes.stream().collect(Collectors.toMap(Class::getSimpleName, Function.identity()));
    }

    @Override
    public MongoDeadlineManager.Route routeOf(ScopeDescriptor scope) {
        if (!(scope instanceof SagaScopeDescriptor saga) || !sagaTypes.containsKey(saga.getType())) {
            return null;
        }
        return processorOf(sagaTypes.get(saga.getType()))
                .map(processor -> new MongoDeadlineManager.Route(processor.getName(),
                                                                 Objects.hashCode(saga.getIdentifier())))
                .orElse(null);
    }

    @Override
    public Map<String, List<Segment>> heldSegments() {
        Map<String, List<Segment>> held = new HashMap<>();
        for (Class<?> sagaType : sagaTypes.values()) {
            processorOf(sagaType).ifPresent(processor -> held.put(
                    processor.getName(), processor.processingStatus().values().stream()
                                                  .filter(status -> !status.isErrorState())
                                                  .map(EventTrackerStatus::getSegment)
                                                  .toList()));
        }
        return held;
    }

    /** Absent where this node does not run the saga (its role is off). */
    private Optional<StreamingEventProcessor> processorOf(Class<?> sagaType) {
        return axon.eventProcessingConfiguration().<EventProcessor>sagaEventProcessor(sagaType)
                   .filter(StreamingEventProcessor.class::isInstance)
                   .map(StreamingEventProcessor.class::cast);
    }
}

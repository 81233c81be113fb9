package dev.herald.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/** Hands events to a projection as a streaming processor does: in batches, each batch one unit of work. */
public final class InBatches {

    private InBatches() {
    }

    public static EventMessage<?> message(Object payload, Instant at) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), at);
    }

    /** Each batch commits before the next begins; a failing batch throws. */
    public static void apply(Object projection, List<EventMessage<?>> events, int batchSize) {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        for (int from = 0; from < events.size(); from += batchSize) {
            List<EventMessage<?>> batch = new ArrayList<>(events.subList(from, Math.min(from + batchSize,
                                                                                          events.size())));
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
            ResultMessage<?> result = unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
            if (result.isExceptional()) {
                throw new IllegalStateException("batch from " + from + " failed", result.exceptionResult());
            }
        }
    }
}

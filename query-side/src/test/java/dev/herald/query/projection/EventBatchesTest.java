package dev.herald.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

class EventBatchesTest {

    private final List<String> happened = new ArrayList<>();

    /** As a streaming processor does: its token is stored by the first prepare-commit handler of the batch. */
    private void handleBatch(List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors,
                             String... payloads) {
        List<EventMessage<?>> batch = new ArrayList<>();
        for (String payload : payloads) {
            batch.add(GenericEventMessage.asEventMessage(payload));
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.onPrepareCommit(committing -> happened.add("token stored"));
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, interceptors, message -> {
            List<String> state = EventBatches.current("test-state", Set.of(String.class), events -> new ArrayList<>(),
                                                      changes -> happened.add("written " + changes));
            state.add((String) message.getPayload());
            return null;
        }).proceed());
    }

    @Test
    void theBatchIsWrittenOnceAfterItsLastEventAndBeforeTheTokenIsStored() {
        handleBatch(List.of(EventBatches.writeAfterLastEvent()), "a", "b", "c");

        assertThat(happened).containsExactly("written [a, b, c]", "token stored");
    }

    @Test
    void withoutTheInterceptorTheBatchIsStillWrittenWhenItCommits() {
        handleBatch(List.of(), "a", "b");

        assertThat(happened).containsExactly("token stored", "written [a, b]");
    }
}

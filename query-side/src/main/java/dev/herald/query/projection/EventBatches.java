package dev.herald.query.projection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What a projection changes while it handles one batch of events. A streaming processor hands a projection a batch
 * in one unit of work: the projection keeps its changes in one state per batch, made on the batch's first event,
 * and writes them once, after the batch's last event (see {@link #writeAfterLastEvent}). Subscription-query updates
 * emitted while the batch is handled still go out only after it committed, that is after the write.
 */
public final class EventBatches {

    private static final String PENDING_WRITES = EventBatches.class.getName() + ".pending";

    private EventBatches() {
    }

    /**
     * The state of the batch being handled, made by {@code create} from the payloads of the batch's events of the
     * given types (so that it can read their documents at once) and written by {@code write} before the batch
     * commits; null outside a unit of work that is still handling its events, where each event stands alone.
     */
    public static <S> S current(String key, Set<Class<?>> payloadTypes, Function<List<Object>, S> create,
                                Consumer<S> write) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        if (unitOfWork.phase() != UnitOfWork.Phase.STARTED) {
            return null;
        }
        S state = unitOfWork.getResource(key);
        if (state == null) {
            // Not computeIfAbsent: creating the state may itself use resources of the unit of work.
            S created = create.apply(payloads(unitOfWork, payloadTypes));
            unitOfWork.resources().put(key, created);
            pendingWrites(unitOfWork).put(key, () -> write.accept(created));
            state = created;
        }
        return state;
    }

    /**
     * Writes what the batch changed once its last event has been handled: before the batch prepares to commit,
     * because the processor stores its token in the first step of that phase. Written after the token, a crash in
     * between would leave the token past changes that were never written; the embedded store's checkpoints made
     * that window real (CrashIT found statuses missing after a kill -9). Register it for every processor whose
     * projections use {@link #current}; any processor without it still writes, when the batch prepares to commit.
     */
    public static MessageHandlerInterceptor<EventMessage<?>> writeAfterLastEvent() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            UnitOfWork<?> root = unitOfWork.root();
            if (!(root instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                writePending(root);
            }
            return result;
        };
    }

    private static Map<String, Runnable> pendingWrites(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING_WRITES, key -> {
            unitOfWork.onPrepareCommit(committing -> writePending(committing));
            return new LinkedHashMap<>();
        });
    }

    private static void writePending(UnitOfWork<?> unitOfWork) {
        Map<String, Runnable> pending = unitOfWork.getResource(PENDING_WRITES);
        if (pending == null) {
            return;
        }
        List<String> keys = new ArrayList<>(pending.keySet());
        for (String key : keys) {
            Runnable write = pending.remove(key);
            unitOfWork.resources().remove(key);
            write.run();
        }
    }

    private static List<Object> payloads(UnitOfWork<?> unitOfWork, Set<Class<?>> payloadTypes) {
        List<? extends Message<?>> messages = unitOfWork instanceof BatchingUnitOfWork<?> batch
                ? batch.getMessages() : Collections.singletonList(unitOfWork.getMessage());
        return messages.stream()
                .filter(Objects::nonNull)
                .filter(message -> payloadTypes.contains(message.getPayloadType()))
                .map(message -> (Object) message.getPayload())
                .toList();
    }
}

package dev.herald.app.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * Which event processors on this node are failing: a batch failed and its events have not been handled since. Axon's
 * pooled processors drop a failed segment's status at once and claim it again after a backoff, so neither
 * {@code isError()} nor the segment statuses show a processor that keeps failing; the processor's error handler and a
 * handler interceptor do. The error handler still propagates (the batch is retried, as before).
 *
 * <p>A failure counts until one of its events is committed by that processor here, or until {@link #MEMORY} passes
 * without another failure (the segment may have moved to another node, which then reports it).
 */
public final class ProcessorFailures implements ErrorHandler {

    static final Duration MEMORY = Duration.ofMinutes(2);

    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public ProcessorFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
        Set<String> events = ConcurrentHashMap.newKeySet();
        context.failedEvents().forEach(event -> events.add(event.getIdentifier()));
        failures.put(context.eventProcessor(), new Failure(clock.instant(), events));
        PropagatingErrorHandler.instance().handleError(context);
    }

    /** Clears the processor's failure once one of the failed events is committed. */
    public MessageHandlerInterceptor<EventMessage<?>> recoveryOf(String processor) {
        return (unitOfWork, chain) -> {
            Failure failure = failures.get(processor);
            if (failure != null && failure.events().contains(unitOfWork.getMessage().getIdentifier())) {
                unitOfWork.afterCommit(committed -> failures.remove(processor, failure));
            }
            return chain.proceed();
        };
    }

    public boolean isFailing(String processor) {
        Failure failure = failures.get(processor);
        return failure != null && failure.at().plus(MEMORY).isAfter(clock.instant());
    }

    private record Failure(Instant at, Set<String> events) {
    }
}

package dev.herald.command.web;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The idempotent requests this node is handling right now. A concurrent duplicate is refused at once instead of
 * queueing behind the first on the aggregate's lock; a request is in flight until its command completes, even if
 * the client gave up waiting.
 */
@Component
class InFlightRequests {

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** Runs {@code work} unless a request with the same key is in flight. */
    <T> CompletableFuture<T> exclusively(String key, Supplier<CompletableFuture<T>> work) {
        if (!inFlight.add(key)) {
            throw new HeraldException(ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
                                      "a request with this Idempotency-Key is still being processed; retry later");
        }
        CompletableFuture<T> result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            inFlight.remove(key);
            throw e;
        }
        return result.whenComplete((value, failure) -> inFlight.remove(key));
    }
}

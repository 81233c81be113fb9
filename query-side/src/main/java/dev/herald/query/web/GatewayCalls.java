package dev.herald.query.web;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Gateway calls from a WebFlux handler. With the local buses Axon runs the handler on the calling thread, and the
 * handlers block (MongoDB, the event store), so the call is made on the bounded elastic scheduler, never on the
 * event loop. Every call waits at most {@code herald.commands.timeout}.
 */
@Component
class GatewayCalls {

    private final Duration timeout;

    GatewayCalls(CommandTimeout timeout) {
        this.timeout = timeout.value();
    }

    <T> Mono<T> call(Supplier<CompletableFuture<T>> call) {
        return Mono.fromFuture(call)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout, Mono.error(() -> new HeraldException(
                        ErrorCode.TIMEOUT, "no answer within " + timeout.toMillis() + " ms")));
    }

    /** A subscription query's initial result, read the same way. */
    <T> Mono<T> initial(Mono<T> initialResult) {
        return initialResult.subscribeOn(Schedulers.boundedElastic()).timeout(timeout);
    }
}

package dev.herald.query.web;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Gateway calls from a WebFlux handler. With the local buses Axon runs the handler on the calling thread, and the
 * handlers block (MongoDB, the event store), so the call is made on the bounded elastic scheduler, never on the
 * event loop.
 */
final class GatewayCalls {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private GatewayCalls() {
    }

    static <T> Mono<T> call(Supplier<CompletableFuture<T>> call) {
        return call(call, TIMEOUT);
    }

    static <T> Mono<T> call(Supplier<CompletableFuture<T>> call, Duration timeout) {
        return Mono.fromFuture(call)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout, Mono.error(() -> new HeraldException(
                        ErrorCode.TIMEOUT, "no answer within " + timeout.toMillis() + " ms")));
    }
}

package dev.herald.command.web;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** How the controllers dispatch a command without blocking the event loop, waiting {@code herald.commands.timeout}. */
@Component
class CommandCalls {

    private final Duration timeout;

    CommandCalls(CommandTimeout timeout) {
        this.timeout = timeout.value();
    }

    /**
     * Dispatches on a worker thread, because a local command bus handles the command (and writes the event store)
     * on the dispatching thread. On timeout the command is left to finish; the client is told to retry, which is
     * safe with an Idempotency-Key.
     */
    <R> Mono<R> send(Supplier<CompletableFuture<R>> dispatch) {
        return awaited(dispatch, "the command");
    }

    /**
     * A query the command side answers from an aggregate's events, dispatched and awaited like a command: a local
     * query bus loads the aggregate on the dispatching thread, which must not be the event loop.
     */
    <R> Mono<R> ask(Supplier<CompletableFuture<R>> query) {
        return awaited(query, "the query");
    }

    private <R> Mono<R> awaited(Supplier<CompletableFuture<R>> dispatch, String what) {
        return Mono.fromFuture(dispatch, true)
                   .subscribeOn(Schedulers.boundedElastic())
                   .timeout(timeout, Mono.error(() -> new HeraldException(
                           ErrorCode.TIMEOUT,
                           what + " did not complete within " + timeout.toSeconds() + " s")));
    }
}

package dev.herald.command.web;

import dev.herald.api.CommandDispatch;
import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** How the controllers dispatch a command without blocking the event loop, waiting {@code herald.commands.timeout}. */
@Component
class CommandCalls {

    private final Duration timeout;
    private final boolean dispatchMayBlock;

    @Autowired
    CommandCalls(CommandTimeout timeout, ObjectProvider<CommandDispatch> dispatch) {
        this(timeout, dispatch.getIfAvailable(() -> CommandDispatch.MAY_BLOCK));
    }

    CommandCalls(CommandTimeout timeout, CommandDispatch dispatch) {
        this.timeout = timeout.value();
        this.dispatchMayBlock = dispatch.mayBlock();
    }

    /**
     * Dispatches on the request's thread where the command bus only queues the command for its workers, else on a
     * worker thread (see {@link CommandDispatch}): each hop to a worker also moved the rest of the request's handling
     * there. On timeout the command is left to finish; the client is told to retry, which is safe with an
     * Idempotency-Key.
     */
    <R> Mono<R> send(Supplier<CompletableFuture<R>> dispatch) {
        if (dispatchMayBlock) {
            return awaited(dispatch, "the command");
        }
        return timed(Mono.fromFuture(dispatch, true), "the command");
    }

    /**
     * A query the command side answers from an aggregate's events, dispatched and awaited like a command: a local
     * query bus loads the aggregate on the dispatching thread, which must not be the event loop.
     */
    <R> Mono<R> ask(Supplier<CompletableFuture<R>> query) {
        return awaited(query, "the query");
    }

    private <R> Mono<R> awaited(Supplier<CompletableFuture<R>> dispatch, String what) {
        return timed(Mono.fromFuture(dispatch, true).subscribeOn(Schedulers.boundedElastic()), what);
    }

    private <R> Mono<R> timed(Mono<R> call, String what) {
        return call.timeout(timeout, Mono.error(() -> new HeraldException(
                ErrorCode.TIMEOUT, what + " did not complete within " + timeout.toSeconds() + " s")));
    }
}

package dev.herald.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/** A command gateway that records what is sent and answers as the test says (by default: done, no result). */
public final class ScriptedCommandGateway implements CommandGateway {

    private final List<Object> sent = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Object, CompletableFuture<Object>> answer =
            command -> CompletableFuture.completedFuture(null);

    public List<Object> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    public void answerWith(Function<Object, CompletableFuture<Object>> answer) {
        this.answer = answer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> send(Object command) {
        sent.add(command);
        return (CompletableFuture<R>) answer.apply(command);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        CommandMessage<C> message = (CommandMessage<C>) GenericCommandMessage.asCommandMessage(command);
        this.<R>send(command).whenComplete((result, failure) -> callback.onResult(
                message, failure == null ? GenericCommandResultMessage.asCommandResultMessage(result)
                        : GenericCommandResultMessage.asCommandResultMessage(failure)));
    }

    @Override
    public <R> R sendAndWait(Object command) {
        return this.<R>send(command).join();
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return this.<R>send(command).orTimeout(timeout, unit).join();
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return () -> true;
    }
}

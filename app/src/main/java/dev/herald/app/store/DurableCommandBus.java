package dev.herald.app.store;

import javax.annotation.Nonnull;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * Holds back each command's result until its events are durable, without holding a thread: the callback is
 * chained on the store's {@link CommitDurability}. So a {@code 202 Accepted} never leaves before the events it
 * acknowledges are safe, whichever endpoint sent the command.
 */
public final class DurableCommandBus implements CommandBus {

    private final CommandBus delegate;
    private final CommitDurability durability;

    private DurableCommandBus(CommandBus delegate, CommitDurability durability) {
        this.delegate = delegate;
        this.durability = durability;
    }

    /** The bus itself when every commit is durable on its own, else the bus behind a durability wait. */
    public static CommandBus wrap(CommandBus bus, CommitDurability durability) {
        return durability == CommitDurability.IMMEDIATE ? bus : new DurableCommandBus(bus, durability);
    }

    @Override
    public <C> void dispatch(@Nonnull CommandMessage<C> command) {
        delegate.dispatch(command);
    }

    @Override
    public <C, R> void dispatch(@Nonnull CommandMessage<C> command,
                                @Nonnull CommandCallback<? super C, ? super R> callback) {
        delegate.<C, R>dispatch(command, (message, result) -> {
            if (result.isExceptional()) {
                callback.onResult(message, result);
                return;
            }
            durability.whenDurable().whenComplete((ignored, failure) -> callback.onResult(message, failure == null
                    ? result
                    : GenericCommandResultMessage.asCommandResultMessage(failure)));
        });
    }

    @Override
    public Registration subscribe(@Nonnull String commandName,
                                  @Nonnull MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(
            @Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return delegate.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(
            @Nonnull MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return delegate.registerDispatchInterceptor(dispatchInterceptor);
    }
}

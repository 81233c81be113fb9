package dev.herald.command;

import dev.herald.api.AggregateIds;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.HeraldException;
import dev.herald.api.broadcast.StartBroadcastCommand;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.recipient.UpsertRecipientCommand;
import dev.herald.api.template.SaveTemplateCommand;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Turns rule violations into a {@link CommandExecutionException} whose details are {@link ErrorDetails}: only the
 * details survive a trip between nodes, so this is what lets the edge answer with the right code wherever the
 * command was handled. A command aimed at an aggregate that does not exist becomes the matching not-found code.
 */
final class HeraldExceptionInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Map<String, Missing> MISSING_BY_COMMAND_PACKAGE = Map.of(
            UpsertRecipientCommand.class.getPackageName(), new Missing(ErrorCode.RECIPIENT_NOT_FOUND, "recipient"),
            SendNotificationCommand.class.getPackageName(),
            new Missing(ErrorCode.NOTIFICATION_NOT_FOUND, "notification"),
            StartBroadcastCommand.class.getPackageName(), new Missing(ErrorCode.BROADCAST_NOT_FOUND, "broadcast"),
            SaveTemplateCommand.class.getPackageName(), new Missing(ErrorCode.TEMPLATE_NOT_FOUND, "template"));

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (HeraldException e) {
            throw rejected(e.code(), e.getMessage(), e);
        } catch (AggregateNotFoundException e) {
            Missing missing = MISSING_BY_COMMAND_PACKAGE.get(unitOfWork.getMessage().getPayloadType().getPackageName());
            if (missing == null) {
                throw e;
            }
            String key = AggregateIds.key(String.valueOf(e.getAggregateIdentifier()));
            throw rejected(missing.code(), missing.noun() + " '" + key + "' not found", e);
        }
    }

    private static CommandExecutionException rejected(ErrorCode code, String message, Exception cause) {
        return new CommandExecutionException(message, cause, new ErrorDetails(code, message));
    }

    private record Missing(ErrorCode code, String noun) {
    }
}

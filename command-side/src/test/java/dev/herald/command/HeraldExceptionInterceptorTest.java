package dev.herald.command;

import static dev.herald.command.CommandTestMessages.CATEGORY;
import static dev.herald.command.CommandTestMessages.NOTIFICATION_ID;
import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.cancelSubscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.HeraldException;
import dev.herald.api.notification.MarkNotificationReadCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

class HeraldExceptionInterceptorTest {

    private final HeraldExceptionInterceptor interceptor = new HeraldExceptionInterceptor();

    @Test
    void aRuleViolationBecomesACommandExecutionExceptionCarryingItsCode() {
        HeraldException violation = new HeraldException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "key reused");

        assertThatThrownBy(() -> handle(cancelSubscription(CATEGORY), () -> {
            throw violation;
        }))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> {
                    assertThat(e.getDetails()).contains(new ErrorDetails(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                                                                         "key reused"));
                    assertThat(e).hasMessage("key reused").hasCause(violation);
                });
    }

    @Test
    void aMissingRecipientBecomesRecipientNotFound() {
        assertThatThrownBy(() -> handle(cancelSubscription(CATEGORY), () -> {
            throw new AggregateNotFoundException(RECIPIENT_ID, "not found");
        }))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails()).contains(
                        new ErrorDetails(ErrorCode.RECIPIENT_NOT_FOUND, "recipient '" + RECIPIENT_ID + "' not found")));
    }

    @Test
    void aMissingNotificationBecomesNotificationNotFound() {
        assertThatThrownBy(() -> handle(new MarkNotificationReadCommand(NOTIFICATION_ID, RECIPIENT_ID), () -> {
            throw new AggregateNotFoundException(NOTIFICATION_ID, "not found");
        }))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails()).contains(
                        new ErrorDetails(ErrorCode.NOTIFICATION_NOT_FOUND,
                                         "notification '" + NOTIFICATION_ID + "' not found")));
    }

    @Test
    void otherFailuresAndResultsPassThroughUnchanged() throws Exception {
        IllegalArgumentException bug = new IllegalArgumentException("bug");

        assertThatThrownBy(() -> handle(cancelSubscription(CATEGORY), () -> {
            throw bug;
        })).isSameAs(bug);
        assertThat(handle(cancelSubscription(CATEGORY), () -> "result")).isEqualTo("result");
    }

    private Object handle(Object command, InterceptorChain chain) throws Exception {
        UnitOfWork<CommandMessage<?>> unitOfWork =
                DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(command));
        try {
            return interceptor.handle(unitOfWork, chain);
        } finally {
            unitOfWork.rollback();
        }
    }
}

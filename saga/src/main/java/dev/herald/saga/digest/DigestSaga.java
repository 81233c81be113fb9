package dev.herald.saga.digest;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.digest.DigestReleasedEvent;
import dev.herald.api.digest.DigestWindowOpenedEvent;
import dev.herald.api.digest.ReleaseDigestCommand;
import dev.herald.saga.delivery.DeliverySaga;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes one digest window when its time comes and sends the digest notification once it is released.
 *
 * <p>The window's close is a persistent deadline (the delivery saga's deadline manager, so it survives a restart and,
 * on the cluster profiles, a node). When it fires the saga asks the Digest aggregate for the release, and asks again
 * after {@link #CLOSE_RECHECK} until the release event arrives: a release of a window already released is a no-op.
 * The release event (whether the deadline or a late item caused it) is answered with the digest notification, sent
 * under the id the event names: a repeat of that send (the event handled again after a restart, a retry after a
 * timeout whose command did run) is answered as a repeat by the Notification aggregate and sends nothing twice. A
 * send that fails is tried again after a growing pause, until it is accepted; only an unknown recipient ends it.
 *
 * <p>It runs in the delivery saga's processor, so that it shares its saga store, token and deadline transactions.
 */
@Saga
@ProcessingGroup(DeliverySaga.PROCESSING_GROUP)
public class DigestSaga {

    static final String WINDOW_ID = "windowId";
    static final String CLOSE_DEADLINE = "herald-digest-close";
    static final String SEND_DEADLINE = "herald-digest-send";
    static final Duration CLOSE_RECHECK = Duration.ofMinutes(1);
    static final Duration FIRST_SEND_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_SEND_RETRY = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(DigestSaga.class);

    private String digestId;
    private long window;
    private String closeDeadlineId;
    private DigestReleasedEvent released;
    private int failedSends;

    @StartSaga
    @SagaEventHandler(associationProperty = WINDOW_ID)
    public void on(DigestWindowOpenedEvent event, DeadlineManager deadlines) {
        if (digestId != null) {
            return; // the event again, after a restart that lost the token's last advance: already scheduled
        }
        digestId = event.digestId();
        window = event.window();
        closeDeadlineId = deadlines.schedule(event.closesAt(), CLOSE_DEADLINE, new DigestCloseDue(window));
    }

    @DeadlineHandler(deadlineName = CLOSE_DEADLINE)
    public void on(DigestCloseDue due, DeadlineManager deadlines, CommandGateway commands) {
        closeDeadlineId = deadlines.schedule(CLOSE_RECHECK, CLOSE_DEADLINE, due);
        commands.send(new ReleaseDigestCommand(digestId, window)).exceptionally(failure -> {
            log.warn("Digest {} window {}: release failed, asking again in {}", digestId, window, CLOSE_RECHECK,
                     failure);
            return null;
        });
    }

    @SagaEventHandler(associationProperty = WINDOW_ID)
    public void on(DigestReleasedEvent event, DeadlineManager deadlines, CommandGateway commands,
                   CommandTimeout timeout) {
        if (closeDeadlineId != null) {
            deadlines.cancelSchedule(CLOSE_DEADLINE, closeDeadlineId);
            closeDeadlineId = null;
        }
        if (released != null) {
            return; // handled again after a restart: its send, or the retry that stands for it, is on its way
        }
        released = event;
        sendDigest(deadlines, commands, timeout);
    }

    @DeadlineHandler(deadlineName = SEND_DEADLINE)
    public void on(DigestSendDue due, DeadlineManager deadlines, CommandGateway commands, CommandTimeout timeout) {
        sendDigest(deadlines, commands, timeout);
    }

    /**
     * Waits for the send (one command, no provider call), so that the saga ends only once the digest notification
     * is stored, and otherwise leaves a retry deadline behind in the same step.
     */
    private void sendDigest(DeadlineManager deadlines, CommandGateway commands, CommandTimeout timeout) {
        try {
            commands.send(DigestNotification.of(released)).get(timeout.value().toMillis(), TimeUnit.MILLISECONDS);
            SagaLifecycle.end();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            retryLater(deadlines, interrupted);
        } catch (Exception failure) {
            Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
            if (errorCode(cause) == ErrorCode.RECIPIENT_NOT_FOUND) {
                log.warn("Digest {} window {}: recipient {} not found; its {} items are not sent", digestId, window,
                         released.recipientId(), released.items().size());
                SagaLifecycle.end();
            } else {
                retryLater(deadlines, cause);
            }
        }
    }

    private void retryLater(DeadlineManager deadlines, Throwable cause) {
        Duration pause = FIRST_SEND_RETRY.multipliedBy(1L << Math.min(failedSends, 16));
        pause = pause.compareTo(MAX_SEND_RETRY) > 0 ? MAX_SEND_RETRY : pause;
        failedSends++;
        log.warn("Digest {} window {}: sending notification {} failed ({} times), trying again in {}", digestId,
                 window, released.notificationId(), failedSends, pause, cause);
        deadlines.schedule(pause, SEND_DEADLINE, new DigestSendDue(failedSends));
    }

    private static ErrorCode errorCode(Throwable failure) {
        if (failure instanceof CommandExecutionException execution) {
            return execution.getDetails().filter(ErrorDetails.class::isInstance).map(ErrorDetails.class::cast)
                            .map(ErrorDetails::code).orElse(null);
        }
        return null;
    }
}

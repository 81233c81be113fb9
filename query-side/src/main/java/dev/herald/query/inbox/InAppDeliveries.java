package dev.herald.query.inbox;

import dev.herald.api.Channel;
import dev.herald.api.HeraldException;
import dev.herald.api.notification.RecordDeliverySucceededCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that notifications reached their recipients' inboxes: the IN_APP channel's outcome. The inbox records
 * those of a batch once the batch's documents are written; the commands go out at once and the batch only commits
 * when every one of them succeeded, so a failure makes the processor retry the batch (its handlers are idempotent,
 * and so is the command on the aggregate) instead of losing it.
 */
public class InAppDeliveries {

    private static final Logger log = LoggerFactory.getLogger(InAppDeliveries.class);

    private final CommandGateway commandGateway;
    private final Duration timeout;

    public InAppDeliveries(CommandGateway commandGateway, Duration timeout) {
        this.commandGateway = commandGateway;
        this.timeout = timeout;
    }

    /** Sends every command at once, then waits for all of them: the caller's batch must not commit before. */
    void delivered(List<String> notificationIds) {
        if (notificationIds.isEmpty()) {
            return;
        }
        List<Sent> sent = new ArrayList<>(notificationIds.size());
        for (String notificationId : notificationIds) {
            sent.add(new Sent(notificationId, commandGateway.send(
                    new RecordDeliverySucceededCommand(notificationId, Channel.IN_APP, 1))));
        }
        awaitAll(sent);
    }

    private void awaitAll(List<Sent> sent) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Sent one : sent) {
            try {
                one.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while recording IN_APP of " + one.notificationId(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("IN_APP delivery of " + one.notificationId()
                                                + " not recorded within " + timeout.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                if (isRejection(e.getCause())) {
                    // A rule said no (the notification is unknown to the command side); retrying cannot change it.
                    log.warn("IN_APP delivery of {} was rejected: {}", one.notificationId(), e.getCause().getMessage());
                } else {
                    throw new IllegalStateException("IN_APP delivery of " + one.notificationId() + " not recorded",
                                                    e.getCause());
                }
            }
        }
    }

    private static boolean isRejection(Throwable failure) {
        return failure instanceof HeraldException
                || failure instanceof CommandExecutionException executionFailure
                && executionFailure.getDetails().isPresent();
    }

    private record Sent(String notificationId, CompletableFuture<Object> result) {
    }
}

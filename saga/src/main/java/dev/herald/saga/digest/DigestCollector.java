package dev.herald.saga.digest;

import dev.herald.api.AggregateIds;
import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.SkipReason;
import dev.herald.api.digest.CollectDigestItemCommand;
import dev.herald.api.digest.DigestItem;
import dev.herald.api.notification.NotificationSentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Puts every accepted send that asked for a digest into its digest: from the stored {@link NotificationSentEvent}, so
 * that an accepted send is collected even when the node dies right after its {@code 202}. The processor retries a
 * batch whose command failed (its error handler propagates), and it may deliver an event again after a restart; the
 * Digest aggregate collects each notification once, so either way each item lands in exactly one window.
 */
@Component
@ProcessingGroup(DigestCollector.PROCESSING_GROUP)
public class DigestCollector {

    public static final String PROCESSING_GROUP = "digests";

    private static final String PENDING = DigestCollector.class.getName() + ".pending";

    private final CommandGateway commands;
    private final CommandTimeout timeout;

    DigestCollector(CommandGateway commands, CommandTimeout timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    /**
     * Sends the command at once; the batch waits for it after its last event (see {@link #awaitAfterLastEvent}). The
     * commands of one batch run side by side on the command workers (and share their group commits), and a failure
     * or a timeout of any of them fails the batch, so that its token does not move and the processor tries it again.
     */
    @EventHandler
    void on(NotificationSentEvent event, @Timestamp Instant acceptedAt) throws Exception {
        CollectDigestItemCommand command = collect(event, acceptedAt);
        if (command == null) {
            return;
        }
        CompletableFuture<Object> collected = commands.send(command);
        if (!CurrentUnitOfWork.isStarted()) {
            await(List.of(collected), timeout);
            return;
        }
        pending(CurrentUnitOfWork.get().root()).add(collected);
    }

    /**
     * Waits for the commands of a batch once its last event has been handled: before the batch prepares to commit,
     * because the processor stores its token in the first step of that phase, and this processor's token store has
     * no transaction around the batch (the token is written at once, on every profile). Waited for after the token,
     * a {@code kill -9} in between left the token past items whose commands never committed: CrashIT lost 47 of
     * 2,000 items so on 2026-12-05. Registered for the {@value #PROCESSING_GROUP} group; a batch that reaches its
     * commit with commands still pending (no interceptor) waits for them there.
     */
    public static MessageHandlerInterceptor<EventMessage<?>> awaitAfterLastEvent(CommandTimeout timeout) {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            UnitOfWork<?> root = unitOfWork.root();
            if (!(root instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                awaitPending(root, timeout);
            }
            return result;
        };
    }

    private List<CompletableFuture<Object>> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            unitOfWork.onPrepareCommit(committing -> {
                try {
                    awaitPending(committing, timeout);
                } catch (Exception failed) {
                    throw failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
                }
            });
            return new ArrayList<>();
        });
    }

    private static void awaitPending(UnitOfWork<?> unitOfWork, CommandTimeout timeout) throws Exception {
        List<CompletableFuture<Object>> pending = unitOfWork.getResource(PENDING);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        List<CompletableFuture<Object>> sent = List.copyOf(pending);
        pending.clear();
        await(sent, timeout);
    }

    /** Waits for every command, so none is still running when the batch is tried again, then throws the first failure. */
    private static void await(List<CompletableFuture<Object>> sent, CommandTimeout timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.value().toNanos();
        Exception first = null;
        for (CompletableFuture<Object> collected : sent) {
            try {
                collected.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException failed) {
                Exception cause = failed.getCause() instanceof Exception exception ? exception : failed;
                first = first == null ? cause : first;
            } catch (TimeoutException late) {
                first = first == null ? late : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The item a sent notification adds to its digest, or null when it has none or nothing was held for it. */
    static CollectDigestItemCommand collect(NotificationSentEvent event, Instant acceptedAt) {
        if (event.digest() == null) {
            return null;
        }
        Set<Channel> held = EnumSet.noneOf(Channel.class);
        for (Map.Entry<Channel, SkipReason> skipped : event.skippedChannels().entrySet()) {
            if (skipped.getValue() == SkipReason.DIGESTED) {
                held.add(skipped.getKey());
            }
        }
        if (held.isEmpty()) {
            return null; // every digest channel was skipped for the recipient's own reasons: nothing to send later
        }
        String timeZone = event.contactPoints() == null ? null : event.contactPoints().timeZone();
        return new CollectDigestItemCommand(AggregateIds.digest(event.recipientId(), event.digest().key()),
                                            event.recipientId(), event.digest().key(), event.digest().window(),
                                            timeZone, new DigestItem(event.notificationId(), event.senderId(),
                                                                     event.category(), event.priority(),
                                                                     event.title(), event.body(), held, acceptedAt));
    }
}

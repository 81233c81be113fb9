package dev.herald.saga.digest;

import dev.herald.api.AggregateIds;
import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.SkipReason;
import dev.herald.api.digest.CollectDigestItemCommand;
import dev.herald.api.digest.DigestItem;
import dev.herald.api.notification.NotificationSentEvent;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
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

    private final CommandGateway commands;
    private final CommandTimeout timeout;

    DigestCollector(CommandGateway commands, CommandTimeout timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    /**
     * Sends the command at once and waits for it before the batch commits: the commands of one batch run side by
     * side on the command workers (and share their group commits), and a failure or a timeout of any of them fails
     * the batch, so that its token does not move and the processor tries it again.
     */
    @EventHandler
    void on(NotificationSentEvent event, @Timestamp Instant acceptedAt) throws Exception {
        CollectDigestItemCommand command = collect(event, acceptedAt);
        if (command == null) {
            return;
        }
        CompletableFuture<Object> collected = commands.send(command);
        if (!CurrentUnitOfWork.isStarted()) {
            await(collected);
            return;
        }
        CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> {
            try {
                await(collected);
            } catch (Exception failed) {
                throw failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
            }
        });
    }

    private void await(CompletableFuture<Object> collected) throws Exception {
        try {
            collected.get(timeout.value().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception cause ? cause : failed;
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

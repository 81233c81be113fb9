package dev.herald.command.broadcast;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.AggregateIds;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.broadcast.BroadcastClaimedEvent;
import dev.herald.api.broadcast.BroadcastCompletedEvent;
import dev.herald.api.broadcast.BroadcastContent;
import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.api.broadcast.BroadcastProgressedEvent;
import dev.herald.api.broadcast.BroadcastStartedEvent;
import dev.herald.api.broadcast.BroadcastWork;
import dev.herald.api.broadcast.ClaimBroadcastCommand;
import dev.herald.api.broadcast.CompleteBroadcastCommand;
import dev.herald.api.broadcast.RecordBroadcastProgressCommand;
import dev.herald.api.broadcast.StartBroadcastCommand;
import dev.herald.api.broadcast.StartBroadcastResult;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One send to the subscribers of some topics, and how far its fan-out got. The fan-out itself runs outside
 * (a runner reads subscribers in recipient id order and sends one notification each); this aggregate is its
 * durable memory and its lock:
 * <ul>
 *   <li>the cursor, the last recipient id of the last recorded batch, is where a runner resumes after a crash; the
 *       notifications of the batch in flight at the crash are sent again, which is a no-op because each
 *       recipient's notification id derives from the broadcast and the recipient;</li>
 *   <li>a claim with a lease makes one runner at a time run it on a cluster: a runner's progress renews its
 *       lease, and a runner that died stops renewing, so another may claim once the lease ran out. A runner that
 *       lost its claim is told so at its next progress and stops; two runners overlapping for a moment would only
 *       repeat each other's no-op sends, never count a batch twice, since counts move with the cursor.</li>
 * </ul>
 * Time comes from Axon's event clock, as for a notification's send time.
 */
@Aggregate(snapshotTriggerDefinition = "heraldSnapshotTrigger")
class Broadcast {

    /** {@code broadcast/<id>}, not the key: see {@link AggregateIds}. Events carry the bare id. */
    @AggregateIdentifier
    private String aggregateId;
    private String broadcastId;
    private String senderId;
    private List<String> topics;
    private String actorId;
    private BroadcastContent content;
    private String requestFingerprint;
    private String runnerId;
    private Instant leaseUntil;
    private String cursor;
    private BroadcastCounts counts;
    private boolean done;

    Broadcast() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    StartBroadcastResult handle(StartBroadcastCommand command) {
        if (broadcastId != null) {
            if (!senderId.equals(command.senderId()) || !requestFingerprint.equals(command.requestFingerprint())) {
                throw new HeraldException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                                          "this Idempotency-Key was already used for a different request");
            }
            return new StartBroadcastResult(broadcastId, true);
        }
        apply(new BroadcastStartedEvent(command.broadcastId(), command.senderId(), command.topics(),
                                        command.actorId(), command.content(), command.requestFingerprint()));
        return new StartBroadcastResult(broadcastId, false);
    }

    /** A done broadcast is answered as such without a claim, so a runner that finds it stale simply moves on. */
    @CommandHandler
    BroadcastWork handle(ClaimBroadcastCommand command) {
        if (!done) {
            requireClaimable(command.runnerId());
            apply(new BroadcastClaimedEvent(broadcastId, command.runnerId(), now().plus(command.lease())));
        }
        return new BroadcastWork(broadcastId, senderId, topics, actorId, content, cursor, counts, done);
    }

    @CommandHandler
    void handle(RecordBroadcastProgressCommand command) {
        requireHeldBy(command.runnerId());
        if (cursor != null && command.cursor().compareTo(cursor) <= 0) {
            return;
        }
        apply(new BroadcastProgressedEvent(broadcastId, command.runnerId(), command.cursor(),
                                           counts.plus(command.batch()), now().plus(command.lease())));
    }

    @CommandHandler
    void handle(CompleteBroadcastCommand command) {
        if (done) {
            return;
        }
        requireHeldBy(command.runnerId());
        apply(new BroadcastCompletedEvent(broadcastId, counts));
    }

    private void requireClaimable(String runner) {
        if (runnerId != null && !runnerId.equals(runner) && now().isBefore(leaseUntil)) {
            throw new HeraldException(ErrorCode.BROADCAST_CLAIMED, "broadcast '" + broadcastId
                    + "' is being run by " + runnerId + " until " + leaseUntil);
        }
    }

    /** Also refuses a runner whose lease ran out, although nobody took over yet: it may be about to. */
    private void requireHeldBy(String runner) {
        if (done || !runner.equals(runnerId) || !now().isBefore(leaseUntil)) {
            throw new HeraldException(ErrorCode.BROADCAST_CLAIMED, "runner " + runner
                    + " does not hold broadcast '" + broadcastId + "'");
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(BroadcastStartedEvent event) {
        aggregateId = AggregateIds.broadcast(event.broadcastId());
        broadcastId = event.broadcastId();
        senderId = event.senderId();
        topics = event.topics();
        actorId = event.actorId();
        content = event.content();
        requestFingerprint = event.requestFingerprint();
        counts = BroadcastCounts.NONE;
    }

    @EventSourcingHandler
    void on(BroadcastClaimedEvent event) {
        runnerId = event.runnerId();
        leaseUntil = event.leaseUntil();
    }

    @EventSourcingHandler
    void on(BroadcastProgressedEvent event) {
        runnerId = event.runnerId();
        cursor = event.cursor();
        counts = event.totals();
        leaseUntil = event.leaseUntil();
    }

    @EventSourcingHandler
    void on(BroadcastCompletedEvent event) {
        counts = event.totals();
        done = true;
    }
}

package dev.herald.app.axon;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.mod;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.AbstractDeadlineManager;
import org.axonframework.deadline.DeadlineException;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon deadlines kept in a MongoDB collection shared by every node, fired by whichever node claims them first. Used on
 * the cluster profiles, where the delivery sagas live in MongoDB too: a node that vanishes leaves its sagas' retries,
 * watchdogs and scheduled sends behind for the others. None of the schedulers Axon ships a deadline manager for fits
 * there: db-scheduler and Quartz need JDBC, and JobRunr's MongoDB storage does not start on mongo-java-server, the
 * test double every build runs against.
 *
 * <h2>The document</h2>
 * One per deadline in {@value #COLLECTION}: its schedule id as {@code _id}, its name, its scope (serialized, with the
 * descriptor's type), its payload and metadata (serialized with the event serializer), {@code dueAt}, and the lease:
 * {@code leaseUntil} (the epoch when free), {@code leaseOwner} (a node, for an operator's eyes), {@code claim} (an id
 * unique to one claim) and {@code attempts} (claims so far).
 *
 * <h2>The claim protocol</h2>
 * <ol>
 * <li><b>Schedule.</b> Outside a unit of work the document is inserted free. Inside one it is inserted at once, but
 * leased to the scheduling unit of work; the lease is released after its commit and the document deleted on its
 * rollback. Inserting before the commit matters because MongoDB gives the saga's state, its processor's token and
 * its deadlines no common transaction: a crash between the saga's commit and a deadline written after it would leave
 * a saga waiting for a retry (or a watchdog) that no longer exists. Written ahead, a crash leaves at worst a deadline
 * whose step never committed; its lease runs out, it fires, and the saga ignores it (a retry or a watchdog for an
 * attempt it is not on) or repeats what the aggregate treats as a no-op (a release already made). The lease keeps it
 * from firing before the step that set it has committed (a step takes far less than a lease).</li>
 * <li><b>Cancel</b> ({@code cancelSchedule}, {@code cancelAll}, {@code cancelAllWithinScope}) deletes, after the
 * commit of the unit of work that asks: a crash before it leaves a stale deadline (ignored as above), never a missing
 * one.</li>
 * <li><b>Claim.</b> A poller per node ({@code pollInterval}; woken at once when this node schedules something due
 * within it) takes one due, free document with a single {@code findOneAndUpdate}: filter {@code dueAt <= now} and
 * {@code leaseUntil < now}, update {@code leaseOwner}, {@code claim}, {@code leaseUntil = now + lease} and
 * {@code attempts + 1}. MongoDB applies it to one document atomically (mongo-java-server runs it under a lock on
 * the collection), so of two nodes racing for a deadline one wins and the other's filter no longer matches: in the
 * normal path every deadline fires exactly once.</li>
 * <li><b>Fire.</b> The claimant delivers the deadline to its scope in a unit of work, then deletes the document
 * where {@code claim} is still its own.</li>
 * <li><b>Fail.</b> When delivery throws, the document stays: the claimant frees it with {@code leaseUntil} moved
 * out by a backoff that doubles with each attempt ({@code firstBackoff} to {@code maxBackoff}), so a failing
 * deadline is retried, never lost.</li>
 * <li><b>Crash.</b> When the claimant dies (or stalls) before its delete, nothing frees the document but time: once
 * {@code leaseUntil} passes it is due again and another node (or the same one, restarted) claims it. So every
 * deadline fires at least once, also when the node that set or claimed it never returns. A claimant that was only
 * slow may then finish too; its delete no longer matches (the {@code claim} changed), so it cannot remove the
 * document from under the new claimant. Firing twice is then possible, and harmless for Herald: the saga ignores a
 * deadline for an attempt it has moved past, its commands are no-ops when repeated, and a repeated attempt reaches
 * the provider with the same idempotency key. Leases are compared with each node's clock, so they must be longer
 * than the clock skew between nodes (keep the nodes on NTP).</li>
 * </ol>
 *
 * <h2>Which node</h2>
 * A deadline whose scope has a {@link Route} (a saga's) is claimed only by the node that holds the event processor
 * segment its saga belongs to, the node that handles that saga's events: see {@link Affinity}. When that node goes,
 * the segment's claim times out, another node takes it over, and with it the saga's deadlines. Any other deadline is
 * claimed by any node.
 */
public final class MongoDeadlineManager extends AbstractDeadlineManager {

    static final String COLLECTION = "deadlines";

    private static final Logger log = LoggerFactory.getLogger(MongoDeadlineManager.class);
    private static final Date FREE = new Date(0);
    /** How long a stopping node waits for the deadlines it is firing; the rest fire elsewhere once their lease ends. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /**
     * @param pollInterval how long a node waits before asking again when nothing was due
     * @param lease        how long a claim (or the scheduling unit of work) holds a deadline; a node that dies holding
     *                     one delays that deadline by at most this long
     * @param threads      deadlines one node fires at once
     * @param firstBackoff how long a deadline whose delivery failed waits before it is due again; doubled each time
     * @param maxBackoff   the longest such wait
     */
    public record Settings(Duration pollInterval, Duration lease, int threads, Duration firstBackoff,
                           Duration maxBackoff) {
    }

    /**
     * Where a deadline may fire. A saga's deadline has to fire on the node that handles the saga's events: Axon
     * serializes a saga's event and deadline handlers with a lock in that node's memory, and {@code MongoSagaStore}
     * keeps no version that would catch an update from another node. Fired elsewhere, a deadline and an event for the
     * same saga could both load its state, and the later write would undo the earlier one (a scheduled send's release
     * undone by its own recheck, say).
     */
    public interface Affinity {

        /** Every deadline may fire on any node. */
        Affinity ANY_NODE = new Affinity() {
            @Override
            public Route routeOf(ScopeDescriptor scope) {
                return null;
            }

            @Override
            public Map<String, List<Segment>> heldSegments() {
                return Map.of();
            }
        };

        /** The processor segment a scope's handlers run under, or null when its deadlines may fire anywhere. */
        Route routeOf(ScopeDescriptor scope);

        /** The segments this node holds now, per event processor. */
        Map<String, List<Segment>> heldSegments();
    }

    /**
     * @param processor the event processor whose segments decide where the scope's handlers run
     * @param hash      the value Axon matches against a segment ({@link Segment#matches(int)})
     */
    public record Route(String processor, int hash) {
    }

    private final MongoCollection<Document> deadlines;
    private final Affinity affinity;
    private final ScopeAwareProvider scopes;
    private final Serializer serializer;
    private final TransactionManager transactionManager;
    private final DeadlineManagerSpanFactory spans;
    private final Settings settings;
    private final String node;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore idleWorkers;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private Thread poller;
    private ExecutorService workers;

    /**
     * @param node a name unique among the live nodes, shown as a claim's owner
     */
    public MongoDeadlineManager(MongoCollection<Document> deadlines, Affinity affinity, ScopeAwareProvider scopes,
                                Serializer serializer, TransactionManager transactionManager,
                                DeadlineManagerSpanFactory spans, Settings settings, String node, Clock clock) {
        this.deadlines = deadlines;
        this.affinity = affinity;
        this.scopes = scopes;
        this.serializer = serializer;
        this.transactionManager = transactionManager;
        this.spans = spans;
        this.settings = settings;
        this.node = node;
        this.clock = clock;
        this.idleWorkers = new Semaphore(settings.threads());
    }

    /** Creates the indexes (a no-op when they exist) and starts claiming due deadlines. */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            deadlines.createIndex(Indexes.ascending("dueAt"));
            deadlines.createIndex(Indexes.ascending("deadlineName", "scope"));
            running = true;
            workers = Executors.newFixedThreadPool(settings.threads(), new AxonThreadFactory("herald-deadlines"));
            poller = new Thread(this::poll, "herald-deadline-poller");
            poller.setDaemon(true);
            poller.start();
            log.info("Deadlines in MongoDB collection {}, fired here as node {} (poll every {}, lease {})", COLLECTION,
                     node, settings.pollInterval(), settings.lease());
        }
    }

    /**
     * Stops claiming and waits a while ({@link #SHUTDOWN_GRACE}) for the deadlines being fired. One still running after
     * that keeps its lease until it runs out, and is then fired again elsewhere.
     */
    @Override
    public void shutdown() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            wake.release();
            try {
                poller.join(SHUTDOWN_GRACE.toMillis());
                workers.shutdown();
                if (!workers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Deadlines still firing at shutdown; another node fires them again once their lease ends");
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
            }
        }
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> message =
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String scheduleId = IdentifierFactory.getInstance().generateIdentifier();
        Span span = spans.createScheduleSpan(deadlineName, scheduleId, message);
        span.run(() -> insert(scheduleId, deadlineName, deadlineScope, processDispatchInterceptors(message),
                              triggerDateTime));
        return scheduleId;
    }

    private void insert(String scheduleId, String deadlineName, ScopeDescriptor scope, DeadlineMessage<?> message,
                        Instant dueAt) {
        SerializedObject<String> payload = serializer.serialize(message.getPayload(), String.class);
        Document document = new Document("_id", scheduleId)
                .append("deadlineName", deadlineName)
                .append("scopeType", scope.getClass().getName())
                .append("scope", serializeScope(scope))
                .append("messageId", message.getIdentifier())
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("payload", payload.getData())
                .append("metaData", serializer.serialize(message.getMetaData(), String.class).getData())
                .append("dueAt", Date.from(dueAt))
                .append("leaseUntil", FREE)
                .append("attempts", 0);
        Route route = affinity.routeOf(scope);
        if (route != null) {
            // Kept non-negative so that MongoDB's $mod by a segment's mask + 1 equals Axon's (hash & mask).
            document.append("processor", route.processor()).append("route", route.hash() & Integer.MAX_VALUE);
        }
        if (!CurrentUnitOfWork.isStarted()) {
            deadlines.insertOne(document);
            wakeIfDueWithinAPoll(dueAt);
            return;
        }
        // Written ahead of the unit of work's commit, held until it (see the class comment).
        String hold = UUID.randomUUID().toString();
        deadlines.insertOne(document.append("leaseOwner", node).append("claim", hold)
                                    .append("leaseUntil", Date.from(clock.instant().plus(settings.lease()))));
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Bson held = and(eq("_id", scheduleId), eq("claim", hold));
        unitOfWork.onRollback(rolledBack -> bestEffort("drop deadline " + scheduleId + " of a rolled back step",
                                                       () -> deadlines.deleteOne(held)));
        unitOfWork.afterCommit(committed -> {
            bestEffort("release deadline " + scheduleId + " (it is free once its hold runs out)", () ->
                    deadlines.updateOne(held, combine(set("leaseUntil", FREE), unset("leaseOwner"), unset("claim"))));
            wakeIfDueWithinAPoll(dueAt);
        });
    }

    /** For writes whose failure only delays a deadline or leaves a stale one, both safe (see the class comment). */
    private static void bestEffort(String what, Runnable write) {
        try {
            write.run();
        } catch (MongoException e) {
            log.warn("Could not {}", what, e);
        }
    }

    private String serializeScope(ScopeDescriptor scope) {
        return serializer.serialize(scope, String.class).getData();
    }

    private void wakeIfDueWithinAPoll(Instant dueAt) {
        if (!dueAt.isAfter(clock.instant().plus(settings.pollInterval()))) {
            wake.release();
        }
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        Span span = spans.createCancelScheduleSpan(deadlineName, scheduleId);
        afterCommitOrNow(span.wrapRunnable(
                () -> deadlines.deleteOne(and(eq("_id", scheduleId), eq("deadlineName", deadlineName)))));
    }

    @Override
    public void cancelAll(String deadlineName) {
        Span span = spans.createCancelAllSpan(deadlineName);
        afterCommitOrNow(span.wrapRunnable(() -> deadlines.deleteMany(eq("deadlineName", deadlineName))));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        Span span = spans.createCancelAllWithinScopeSpan(deadlineName, scope);
        String serializedScope = serializeScope(scope);
        afterCommitOrNow(span.wrapRunnable(() -> deadlines.deleteMany(
                and(eq("deadlineName", deadlineName), eq("scope", serializedScope)))));
    }

    private static void afterCommitOrNow(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            // A cancel that fails after the commit leaves a stale deadline, which the saga ignores.
            CurrentUnitOfWork.get().afterCommit(committed -> bestEffort("cancel a deadline", action));
        } else {
            action.run();
        }
    }

    private void poll() {
        while (running) {
            try {
                if (!idleWorkers.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                Document claimed = running ? claimDue() : null;
                if (claimed == null) {
                    idleWorkers.release();
                    pause();
                    continue;
                }
                try {
                    workers.execute(() -> {
                        try {
                            fire(claimed);
                        } finally {
                            idleWorkers.release();
                        }
                    });
                } catch (RejectedExecutionException shuttingDown) {
                    idleWorkers.release(); // its lease runs out and it fires again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                idleWorkers.release();
                log.warn("Could not claim a due deadline; trying again in {}", settings.pollInterval(), e);
                pauseQuietly();
            }
        }
    }

    private void pause() throws InterruptedException {
        if (wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            wake.drainPermits();
        }
    }

    private void pauseQuietly() {
        try {
            pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Step 3 of the protocol: one due, free deadline that may fire here, leased to this node, or null. */
    private Document claimDue() {
        Instant now = clock.instant();
        List<Bson> firesHere = new ArrayList<>(List.of(exists("route", false)));
        affinity.heldSegments().forEach((processor, segments) -> segments.forEach(segment -> firesHere.add(
                and(eq("processor", processor), mod("route", segment.getMask() + 1L, segment.getSegmentId())))));
        return deadlines.findOneAndUpdate(
                and(lte("dueAt", Date.from(now)), lt("leaseUntil", Date.from(now)), or(firesHere)),
                combine(set("leaseOwner", node), set("claim", UUID.randomUUID().toString()),
                        set("leaseUntil", Date.from(now.plus(settings.lease()))), inc("attempts", 1)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("dueAt")).returnDocument(ReturnDocument.AFTER));
    }

    /** Steps 4 and 5: deliver, then delete; or free it again after a backoff. */
    private void fire(Document claimed) {
        Bson stillOurs = and(eq("_id", claimed.getString("_id")), eq("claim", claimed.getString("claim")));
        try {
            deliver(claimed);
        } catch (Exception failure) {
            postpone(claimed, stillOurs, failure);
            return;
        }
        try {
            deadlines.deleteOne(stillOurs);
        } catch (MongoException e) {
            log.warn("Deadline {} fired but could not be deleted; it fires again when its lease ends",
                     claimed.getString("_id"), e);
        }
    }

    private void postpone(Document claimed, Bson stillOurs, Exception failure) {
        int attempts = claimed.getInteger("attempts", 1);
        Duration backoff = backoff(attempts);
        log.warn("Deadline {} ({}) failed on attempt {}; due again in {}", claimed.getString("deadlineName"),
                 claimed.getString("_id"), attempts, backoff, failure);
        try {
            deadlines.updateOne(stillOurs, combine(
                    set("leaseUntil", Date.from(clock.instant().plus(backoff))), unset("leaseOwner"), unset("claim"),
                    set("lastError", String.valueOf(failure))));
        } catch (MongoException e) {
            log.warn("Could not postpone deadline {}; it is due again when its lease ends", claimed.getString("_id"),
                     e);
        }
    }

    private Duration backoff(int attempts) {
        Duration backoff = settings.firstBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void deliver(Document claimed) throws Exception {
        String scheduleId = claimed.getString("_id");
        String deadlineName = claimed.getString("deadlineName");
        ScopeDescriptor scope = serializer.deserialize(new SimpleSerializedObject<>(
                claimed.getString("scope"), String.class, claimed.getString("scopeType"), null));
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(
                claimed.getString("payload"), String.class, claimed.getString("payloadType"),
                claimed.getString("payloadRevision")));
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                claimed.getString("metaData"), String.class, MetaData.class.getName(), null));
        // Timestamped when fired, as Axon's own persistent deadline managers do: handlers read "now" from it.
        DeadlineMessage<?> message = new GenericDeadlineMessage<>(
                deadlineName, new GenericMessage<>(claimed.getString("messageId"), payload, metaData), clock::instant);
        Span span = spans.createExecuteSpan(deadlineName, scheduleId, message).start();
        try (SpanScope ignored = span.makeCurrent()) {
            DefaultUnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
            unitOfWork.attachTransaction(transactionManager);
            DefaultInterceptorChain chain = new DefaultInterceptorChain<>(
                    unitOfWork, handlerInterceptors(), delivered -> {
                        sendToScope((DeadlineMessage<?>) delivered, scope);
                        return null;
                    });
            ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
            if (result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                span.recordException(failure);
                throw failure instanceof Exception exception
                        ? exception : new DeadlineException("Deadline " + deadlineName + " failed", failure);
            }
        } finally {
            span.end();
        }
    }

    private void sendToScope(DeadlineMessage<?> message, ScopeDescriptor scope) {
        scopes.provideScopeAwareStream(scope)
              .filter(component -> component.canResolve(scope))
              .forEach(component -> send(component, message, scope));
    }

    private static void send(ScopeAware component, DeadlineMessage<?> message, ScopeDescriptor scope) {
        try {
            component.send(message, scope);
        } catch (Exception e) {
            throw new DeadlineException("Failed to deliver deadline " + message.getDeadlineName() + " to "
                                                + scope.scopeDescription(), e);
        }
    }
}

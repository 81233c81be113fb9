package dev.herald.query;

import dev.herald.query.live.QueryEmitterInboxUpdates;
import static dev.herald.query.TestEvents.at;
import static dev.herald.query.TestEvents.attemptStarted;
import static dev.herald.query.TestEvents.read;
import static dev.herald.query.TestEvents.sent;
import static dev.herald.query.TestEvents.succeeded;

import dev.herald.api.Channel;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.status.NotificationStatusProjection;
import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;
import dev.herald.query.storage.SqliteStorage;
import dev.herald.query.subscription.SubscriptionsProjection;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * Replay throughput of each projection, driven as a pooled processor drives it: replayed tracked messages in
 * batches, each batch one {@link BatchingUnitOfWork}. Not part of the normal build (the name matches no surefire
 * pattern); run it with
 * {@code ./mvnw -o -pl query-side test -Dtest=ProjectionReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and optionally {@code -Dbench.notifications=20000 -Dbench.batch=200 -Dbench.backend=mongo -Dbench.only=inbox}.
 */
class ProjectionReplayBenchmark {

    private static final int NOTIFICATIONS = Integer.getInteger("bench.notifications", 10_000);
    private static final int BATCH = Integer.getInteger("bench.batch", 200);
    private static final int RECIPIENTS = Integer.getInteger("bench.recipients", 1_000);
    private static final String BACKEND = System.getProperty("bench.backend", "sqlite");
    private static final String ONLY = System.getProperty("bench.only", "");

    @Test
    void replayEveryProjection() throws Exception {
        List<Object> events = events();
        StringBuilder report = new StringBuilder();
        report.append(String.format("backend=%s notifications=%d batch=%d recipients=%d%n",
                                    BACKEND, NOTIFICATIONS, BATCH, RECIPIENTS));
        report.append(run("inbox", events, storage -> new InboxProjection(
                storage.inboxStore(), storage.versions(),
                new QueryEmitterInboxUpdates(SimpleQueryUpdateEmitter.builder().build()))));
        report.append(run("notification-status", events, storage -> new NotificationStatusProjection(
                storage.statusStore(), storage.inboxStore(), storage.versions())));
        report.append(run("subscriptions", events, storage -> new SubscriptionsProjection(
                storage.subscriptionsStore(), storage.versions())));
        System.out.print(report);
        Files.writeString(Path.of("target", "replay-benchmark.txt"), report);
    }

    /** A first, shorter replay into another server warms the JIT up, so that the order of projections matters not. */
    private String run(String name, List<Object> events, Function<ReadModelStorage, Object> projectionFactory)
            throws Exception {
        if (!ONLY.isEmpty() && !ONLY.equals(name)) {
            return "";
        }
        replay(name, events.subList(0, events.size() / 4), projectionFactory);
        return replay(name, events, projectionFactory);
    }

    private String replay(String name, List<Object> events, Function<ReadModelStorage, Object> projectionFactory)
            throws Exception {
        try (ReadModelStorage storage = BACKEND.equals("mongo") ? new MongoStorage("bench") : new SqliteStorage()) {
            PlatformTransactionManager transactions = storage instanceof SqliteStorage sqlite
                    ? new DataSourceTransactionManager(sqlite.dataSource()) : null;
            AnnotationEventHandlerAdapter adapter =
                    new AnnotationEventHandlerAdapter(projectionFactory.apply(storage));
            List<TrackedEventMessage<?>> handled = new ArrayList<>();
            TrackingToken atReset = new GlobalSequenceTrackingToken(events.size());
            for (int i = 0; i < events.size(); i++) {
                EventMessage<?> message = new GenericEventMessage<>(
                        "e" + i, events.get(i), MetaData.emptyInstance(), at(i / 10));
                if (adapter.canHandle(message)) {
                    TrackingToken token =
                            ReplayToken.createReplayToken(atReset, new GlobalSequenceTrackingToken(i));
                    handled.add(new GenericTrackedEventMessage<>(token, message));
                }
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            for (int from = 0; from < handled.size(); from += BATCH) {
                List<TrackedEventMessage<?>> batch = handled.subList(from, Math.min(from + BATCH, handled.size()));
                BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
                // As the embedded profile runs a batch: in one transaction on the read-model database.
                TransactionStatus transaction = transactions == null ? null
                        : transactions.getTransaction(TransactionDefinition.withDefaults());
                ResultMessage<?> result =
                        unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
                if (result.isExceptional()) {
                    throw new IllegalStateException(result.exceptionResult());
                }
                if (transaction != null) {
                    transactions.commit(transaction);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            return String.format("%-20s %8d events in %7.2f s = %9.0f events/s (process CPU %.2f s)%n",
                                 name, handled.size(), seconds, handled.size() / seconds, cpuSeconds);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * A day of traffic: sends to IN_APP and EMAIL, each delivered on both, a third read, now and then an opt-out or
     * an opt-in, spread over the recipients.
     */
    private static List<Object> events() {
        Random random = new Random(42);
        List<Object> events = new ArrayList<>();
        for (int n = 0; n < NOTIFICATIONS; n++) {
            String id = "notification-" + n;
            String recipient = "recipient-" + random.nextInt(RECIPIENTS);
            events.add(sent(id, recipient));
            events.add(attemptStarted(id, Channel.EMAIL, 1));
            events.add(succeeded(id, Channel.IN_APP, 1));
            events.add(succeeded(id, Channel.EMAIL, 1));
            if (random.nextInt(3) == 0) {
                events.add(read(id, recipient));
            }
            if (random.nextInt(10) == 0) {
                events.add(random.nextBoolean()
                        ? new SubscriptionCancelledEvent(recipient, "billing", Set.of(Channel.SMS))
                        : new SubscriptionRenewedEvent(recipient, "billing", Set.of(Channel.SMS)));
            }
        }
        return events;
    }
}

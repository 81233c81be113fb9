package dev.herald.saga.broadcast;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.broadcast.BroadcastContent;
import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.api.broadcast.BroadcastTemplate;
import dev.herald.api.broadcast.BroadcastWork;
import dev.herald.api.broadcast.ClaimBroadcastCommand;
import dev.herald.api.broadcast.CompleteBroadcastCommand;
import dev.herald.api.broadcast.FindRunnableBroadcastsQuery;
import dev.herald.api.broadcast.RecordBroadcastProgressCommand;
import dev.herald.api.broadcast.RunnableBroadcasts;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.RecipientRendering;
import dev.herald.api.template.RenderTemplateQuery;
import dev.herald.api.template.TemplateRef;
import dev.herald.api.topic.FindTopicSubscribersQuery;
import dev.herald.api.topic.TopicSubscribersPage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs broadcasts: finds those not done whose lease is free (a query on the topics read model), claims one on its
 * {@code Broadcast} aggregate, and fans it out in batches. A batch is the next subscribers after the recorded cursor,
 * merged across the broadcast's topics in recipient id order ({@link SubscriberMerge}, a page per topic in memory);
 * each subscriber but the actor gets a {@link SendNotificationCommand} whose id derives from the broadcast and the
 * recipient, at most {@code concurrency} in flight; then the batch's last id and counts are recorded as progress,
 * which renews the lease.
 * <p>
 * Why a lease on the aggregate and not an event handler of a streaming processor owning the broadcast's segment: a
 * fan-out of millions takes minutes, and a pooled processor extends its token claims only between batches, so a
 * handler that long would lose its claim to another node (which would start the same broadcast again) and would
 * hold up every other event of its segment, with a read-model transaction open on the embedded profile meanwhile.
 * The aggregate's optimistic locking grants a claim to one runner only, on every profile, with no store of its own.
 * <p>
 * After a crash the next runner resumes after the cursor; the batch that was in flight is sent again, and each send
 * repeats an existing notification at most (the Notification aggregate answers a repeat of the same request from its
 * state), so no recipient loses or doubles a notification. Subscribers unknown as recipients are counted as skipped
 * ({@code RECIPIENT_NOT_FOUND}), and so are those a templated broadcast cannot be rendered for; any other failure
 * leaves the batch unrecorded and the broadcast is tried again at the next poll, by this runner (which still holds
 * it) or, once the lease ran out, by any.
 */
public class BroadcastRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BroadcastRunner.class);
    private static final int CANDIDATES_PER_POLL = 10;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;
    private final BroadcastProperties properties;
    private final Clock clock;
    private final String runnerId;
    private ScheduledExecutorService poller;

    public BroadcastRunner(CommandGateway commands, QueryGateway queries, CommandTimeout timeout,
                           BroadcastProperties properties, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = timeout.value();
        this.properties = properties;
        this.clock = clock;
        this.runnerId = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    }

    /**
     * Each recipient's notification id: from the broadcast and the recipient, in a namespace of its own (two line
     * breaks, which no sender's idempotency key can contain), so that any repeat lands on the same aggregate.
     */
    public static String notificationId(String broadcastId, String recipientId) {
        return UUID.nameUUIDFromBytes(("broadcast-notification\n" + broadcastId + "\n" + recipientId)
                                              .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("herald-broadcasts"));
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::runWhatIsRunnable, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    void runWhatIsRunnable() {
        try {
            RunnableBroadcasts runnable = queries.query(
                    new FindRunnableBroadcastsQuery(clock.instant(), CANDIDATES_PER_POLL), RunnableBroadcasts.class)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (String broadcastId : runnable.broadcastIds()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                claim(broadcastId).filter(work -> !work.done()).ifPresent(this::run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Looking for broadcasts to run failed; trying again at the next poll", e);
        }
    }

    /** Empty when another runner holds it. */
    Optional<BroadcastWork> claim(String broadcastId) throws InterruptedException {
        try {
            return Optional.of(this.<BroadcastWork>await(commands.send(
                    new ClaimBroadcastCommand(broadcastId, runnerId, properties.lease()))));
        } catch (BroadcastClaimLost e) {
            return Optional.empty();
        }
    }

    /** Fans the broadcast out from its cursor to the end; stops early only by an exception or an interrupt. */
    void run(BroadcastWork work) {
        try {
            SubscriberMerge subscribers = new SubscriberMerge(work.topics(), work.cursor(), properties.batchSize(),
                                                              this::page);
            List<String> batch = subscribers.next(properties.batchSize());
            while (!batch.isEmpty()) {
                BroadcastCounts counts = send(work, batch);
                await(commands.send(new RecordBroadcastProgressCommand(work.broadcastId(), runnerId,
                                                                       batch.get(batch.size() - 1), counts,
                                                                       properties.lease())));
                batch = subscribers.next(properties.batchSize());
            }
            await(commands.send(new CompleteBroadcastCommand(work.broadcastId(), runnerId)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BroadcastClaimLost e) {
            log.info("Broadcast {} is no longer held by this node ({}); leaving it to its new runner",
                     work.broadcastId(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Broadcast {} stopped after its last recorded batch; it resumes from there", work.broadcastId(),
                     e);
        }
    }

    private List<String> page(String topic, String after, int limit) {
        try {
            return queries.query(new FindTopicSubscribersQuery(topic, after, limit), TopicSubscribersPage.class)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).recipientIds();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading subscribers of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read subscribers of " + topic, e);
        }
    }

    private BroadcastCounts send(BroadcastWork work, List<String> batch) throws InterruptedException {
        Semaphore inFlight = new Semaphore(properties.concurrency());
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(batch.size());
        long actor = 0;
        for (String recipientId : batch) {
            if (recipientId.equals(work.actorId())) {
                actor++;
                continue;
            }
            inFlight.acquire();
            CompletableFuture<Outcome> outcome;
            try {
                outcome = sendTo(work, recipientId);
            } catch (RuntimeException refused) {
                outcome = CompletableFuture.completedFuture(outcome(refused));
            }
            outcomes.add(outcome.whenComplete((result, failure) -> inFlight.release()));
        }
        long created = 0;
        long notFound = 0;
        long renderingFailed = 0;
        for (CompletableFuture<Outcome> outcome : outcomes) {
            Outcome result = await(outcome);
            switch (result) {
                case CREATED -> created++;
                case RECIPIENT_NOT_FOUND -> notFound++;
                case RENDERING_FAILED -> renderingFailed++;
                case FAILED -> throw new IllegalStateException("a send of the batch after "
                        + Optional.ofNullable(work.cursor()).orElse("the start") + " failed; see the log");
            }
        }
        return new BroadcastCounts(batch.size(), created, actor, notFound, renderingFailed);
    }

    /**
     * A templated broadcast is rendered for the recipient first, by the command side's template rendering (the code
     * a single send uses, asked through a query, as this module holds no template engine); a recipient it fails for
     * is skipped, never retried, since the same version and data would fail the same way again.
     */
    private CompletableFuture<Outcome> sendTo(BroadcastWork work, String recipientId) {
        BroadcastContent content = work.content();
        BroadcastTemplate template = content.template();
        if (template == null) {
            return commands.send(command(work, recipientId, content.title(), content.body(), null, null))
                           .handle((result, failure) -> outcome(failure));
        }
        return queries.query(new RenderTemplateQuery(template.key(), template.version(), template.locale(),
                                                     recipientId, content.data()), RecipientRendering.class)
                      .thenCompose(rendering -> {
                          if (!rendering.rendered()) {
                              log.info("Broadcast {} skips {}: {}", work.broadcastId(), recipientId,
                                       rendering.failure());
                              return CompletableFuture.completedFuture(Outcome.RENDERING_FAILED);
                          }
                          return commands.send(command(work, recipientId, rendering.title(), rendering.body(),
                                                       rendering.template(), rendering.content()))
                                         .handle((result, failure) -> outcome(failure));
                      })
                      .handle((outcome, failure) -> failure == null ? outcome : outcome(failure));
    }

    private static SendNotificationCommand command(BroadcastWork work, String recipientId, String title, String body,
                                                   TemplateRef template, ChannelContents rendered) {
        BroadcastContent content = work.content();
        return new SendNotificationCommand(notificationId(work.broadcastId(), recipientId), work.senderId(),
                                           recipientId, content.category(), content.priority(), content.channels(),
                                           title, body, content.data(), content.sendAt(),
                                           "broadcast:" + work.broadcastId(), template, rendered);
    }

    private static Outcome outcome(Throwable failure) {
        if (failure == null) {
            return Outcome.CREATED;
        }
        if (code(failure) == ErrorCode.RECIPIENT_NOT_FOUND) {
            return Outcome.RECIPIENT_NOT_FOUND;
        }
        log.warn("A broadcast send failed", failure);
        return Outcome.FAILED;
    }

    private static ErrorCode code(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof CommandExecutionException rejected)) {
            return null;
        }
        // Local buses hand the details over as they are; from another node they arrive as JSON (a map).
        Object details = rejected.getDetails().orElse(null);
        if (details instanceof ErrorDetails errorDetails) {
            return errorDetails.code();
        }
        if (details instanceof java.util.Map<?, ?> map && map.get("code") instanceof String name) {
            return java.util.Arrays.stream(ErrorCode.values()).filter(code -> code.name().equals(name)).findFirst()
                    .orElse(null);
        }
        return null;
    }

    private <T> T await(CompletableFuture<?> future) throws InterruptedException {
        try {
            @SuppressWarnings("unchecked")
            T result = (T) future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result;
        } catch (ExecutionException e) {
            if (code(e.getCause()) == ErrorCode.BROADCAST_CLAIMED) {
                throw new BroadcastClaimLost(e.getCause().getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout, e);
        }
    }

    private enum Outcome { CREATED, RECIPIENT_NOT_FOUND, RENDERING_FAILED, FAILED }

    private static final class BroadcastClaimLost extends RuntimeException {

        BroadcastClaimLost(String message) {
            super(message);
        }
    }
}

package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.notification.RecordDeliveryAttemptFailedCommand;
import dev.herald.api.notification.RecordDeliveryAttemptStartedCommand;
import dev.herald.api.notification.RecordDeliverySucceededCommand;
import dev.herald.saga.channel.ChannelProviders;
import dev.herald.saga.channel.DeliveryOutcome;
import dev.herald.saga.channel.DeliveryRequest;
import dev.herald.saga.delivery.DeliveryMetrics.Outcome;
import dev.herald.saga.delivery.NotificationContents.SentNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one delivery attempt on a worker thread: waits for the channel's provider ({@link ChannelProviders}) to have
 * room under its send rate, records the attempt's start naming it, calls it and records the outcome on the
 * Notification aggregate, where a failure carries when the next attempt is due (or none). Waiting for room records
 * nothing, so it never uses up a retry attempt. Whatever goes wrong here is left to the saga's watchdog, which retries
 * an attempt whose outcome never arrived.
 */
public final class DeliveryWorker implements PriorityDeliveryDispatcher.Work {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Map<Channel, ChannelProviders> providers = new EnumMap<>(Channel.class);
    private final NotificationContents contents;
    private final CommandGateway commands;
    private final Duration commandTimeout;
    private final RetryPolicy policy;
    private final DeliveryMetrics metrics;
    private final Duration maxQueueWait;
    private final Clock clock;

    /**
     * @param maxQueueWait an attempt that waited longer in its queue is dropped: it could no longer finish before the
     *                     saga's watchdog counts it as lost and starts the next one
     */
    public DeliveryWorker(List<ChannelProviders> channels, NotificationContents contents, CommandGateway commands,
                          CommandTimeout commandTimeout, RetryPolicy policy, DeliveryMetrics metrics,
                          Duration maxQueueWait, Clock clock) {
        for (ChannelProviders channel : channels) {
            if (this.providers.put(channel.channel(), channel) != null) {
                throw new IllegalStateException("two sets of providers for " + channel.channel());
            }
        }
        this.contents = contents;
        this.commands = commands;
        this.commandTimeout = commandTimeout.value();
        this.policy = policy;
        this.metrics = metrics;
        this.maxQueueWait = maxQueueWait;
        this.clock = clock;
    }

    /** The channels this worker can deliver on. */
    public Set<Channel> channels() {
        return Collections.unmodifiableSet(providers.keySet());
    }

    @Override
    public PriorityDeliveryDispatcher.Turn awaitTurn(Channel channel, Duration atMost) throws InterruptedException {
        ChannelProviders.Choice provider = providers.get(channel).awaitChoice(atMost);
        if (provider == null) {
            return null;
        }
        return new PriorityDeliveryDispatcher.Turn() {
            @Override
            public void run(DeliveryTask task, Instant queuedAt) {
                try {
                    perform(task, queuedAt, provider);
                } finally {
                    provider.release();
                }
            }

            @Override
            public void abandon() {
                provider.release();
            }
        };
    }

    @Override
    public boolean hasSendRate(Channel channel) {
        return providers.get(channel).providers().stream().anyMatch(provider -> provider.cap() != null);
    }

    /** Runs one attempt through the provider chosen for it; the caller releases the choice if it was not used. */
    void perform(DeliveryTask task, Instant queuedAt, ChannelProviders.Choice provider) {
        Channel channel = task.channel();
        if (Duration.between(queuedAt, clock.instant()).compareTo(maxQueueWait) > 0) {
            log.warn("Attempt {} of {} on {} waited in the queue for more than {}; its watchdog will retry it",
                     task.attempt(), task.notificationId(), channel, maxQueueWait);
            metrics.count(channel, Outcome.SKIPPED);
            return;
        }
        Optional<SentNotification> sent = contents.find(task.notificationId());
        if (sent.isEmpty()) {
            log.error("Notification {} is not in the event store; attempt {} on {} dropped",
                      task.notificationId(), task.attempt(), channel);
            metrics.count(channel, Outcome.SKIPPED);
            return;
        }
        if (!recordStart(task, provider.providerName())) {
            metrics.count(channel, Outcome.SKIPPED);
            return;
        }
        DeliveryRequest request = DeliveryRequest.of(sent.get().event(), sent.get().sentAt(), channel,
                                                     task.attempt());
        metrics.count(channel, Outcome.SENT);
        DeliveryOutcome outcome = metrics.time(channel, () -> provider.deliver(request));
        Object record = recordOf(task, outcome, provider.providerName(), policy, clock.instant());
        metrics.count(channel, outcomeOf(record));
        try {
            await(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not record the outcome of attempt {} of {} on {}; its watchdog will retry it",
                     task.attempt(), task.notificationId(), channel, e);
        }
    }

    /**
     * The command that records an outcome. A retryable failure carries when the next attempt is due, or null when
     * none may follow (attempts used up, or past the channel's deadline); the saga turns that into a final failure.
     */
    static Object recordOf(DeliveryTask task, DeliveryOutcome outcome, RetryPolicy policy, Instant now) {
        return recordOf(task, outcome, null, policy, now);
    }

    /** The command that records an outcome at the named provider (null: the attempt reached none). */
    static Object recordOf(DeliveryTask task, DeliveryOutcome outcome, String provider, RetryPolicy policy,
                           Instant now) {
        if (outcome instanceof DeliveryOutcome.Failed failed) {
            Instant nextAttemptAt = failed.retryable()
                    ? policy.nextAttemptAt(task.channel(), task.attempt(), failed.retryAfter(), now, task.giveUpAt())
                            .orElse(null)
                    : null;
            return new RecordDeliveryAttemptFailedCommand(task.notificationId(), task.channel(), task.attempt(),
                                                          failed.error(), failed.retryable(), nextAttemptAt,
                                                          provider);
        }
        return new RecordDeliverySucceededCommand(task.notificationId(), task.channel(), task.attempt(), provider);
    }

    /**
     * False when the attempt must not run: its start could not be recorded, or the aggregate answered false (the
     * channel already has an outcome, say the recipient opted out while this attempt waited in the queue).
     */
    private boolean recordStart(DeliveryTask task, String provider) {
        try {
            Object started = await(new RecordDeliveryAttemptStartedCommand(task.notificationId(), task.channel(),
                                                                            task.attempt(), provider));
            return !Boolean.FALSE.equals(started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not record the start of attempt {} of {} on {}; its watchdog will retry it",
                     task.attempt(), task.notificationId(), task.channel(), e);
            return false;
        }
    }

    private static Outcome outcomeOf(Object record) {
        if (record instanceof RecordDeliveryAttemptFailedCommand failed) {
            return failed.nextAttemptAt() == null ? Outcome.FAILED : Outcome.RETRIED;
        }
        return Outcome.DELIVERED;
    }

    private Object await(Object command) throws InterruptedException, ExecutionException, TimeoutException {
        return commands.send(command).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}

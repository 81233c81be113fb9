package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.RecordDeliveryAttemptFailedCommand;
import dev.herald.api.notification.RecordDeliveryCancelledCommand;
import dev.herald.api.notification.RecordDeliveryFailedCommand;
import dev.herald.api.notification.RecordDeliveryHeldCommand;
import dev.herald.api.notification.RecordDeliverySkippedCommand;
import dev.herald.api.notification.ReleaseNotificationCommand;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one notification on each of its channels, retrying failures, until every channel has a final outcome.
 *
 * <p>The saga never calls a provider: it hands each attempt to the {@link DeliveryDispatcher}, whose worker records
 * the outcome on the Notification aggregate, and reacts to the resulting events. A failed attempt that names its next
 * attempt gets a retry deadline; one that does not is recorded as failed for good. Each handed-out attempt is guarded
 * by a watchdog deadline: the dispatcher's queue lives in memory, the deadlines do not, so an attempt lost in a
 * restart is noticed and retried. IN_APP is not delivered here (the inbox projection records it); the saga only waits
 * for its outcome, and does not start at all for a notification with nothing to deliver or release (see
 * {@link #isNeededFor}). EMAIL, SMS and PUSH of a NORMAL or LOW send that becomes due inside the recipient's quiet
 * hours wait for their end on a deadline, like a retry.
 */
@Saga
@ProcessingGroup(DeliverySaga.PROCESSING_GROUP)
public class DeliverySaga {

    public static final String PROCESSING_GROUP = "delivery";
    static final String NOTIFICATION_ID = "notificationId";
    static final String RECIPIENT_ID = "recipientId";
    static final String RELEASE_DEADLINE = "herald-delivery-release";
    static final String RETRY_DEADLINE = "herald-delivery-retry";
    static final String WATCHDOG_DEADLINE = "herald-delivery-watchdog";
    static final String QUIET_HOURS_DEADLINE = "herald-delivery-quiet-hours";
    /** The channels quiet hours hold back; webhooks go to systems, in-app to an inbox the recipient opens. */
    static final Set<Channel> HELD_BY_QUIET_HOURS = EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.PUSH);
    static final String NO_OUTCOME = "no outcome recorded; process restarted?";
    /** Asks again for the release when its event has not arrived by then; a repeat release is a no-op. */
    static final Duration RELEASE_RECHECK = Duration.ofMinutes(1);
    static final String ANY_CATEGORY = "*";
    private static final Logger log = LoggerFactory.getLogger(DeliverySaga.class);

    private String notificationId;
    private String category;
    private Priority priority;
    private Instant dueAt;
    private boolean cancelled;
    private String releaseDeadlineId;
    /** The recipient's quiet hours when the notification was sent (none when null), kept as fields for the store. */
    private LocalTime quietFrom;
    private LocalTime quietUntil;
    private String timeZone;
    private String holdDeadlineId;
    private Map<Channel, ChannelProgress> channels = new EnumMap<>(Channel.class);

    @StartSaga
    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(NotificationSentEvent event, @Timestamp Instant sentAt, DeliveryDispatcher dispatcher,
                   DeadlineManager deadlines, CommandGateway commands, RetryPolicy policy) {
        if (notificationId != null) {
            return; // the event again, after a restart that lost the token's last advance: already started
        }
        notificationId = event.notificationId();
        category = event.category();
        priority = event.priority();
        if (event.quietHours() != null) {
            quietFrom = event.quietHours().start();
            quietUntil = event.quietHours().end();
        }
        timeZone = event.contactPoints() == null ? null : event.contactPoints().timeZone();
        for (Channel channel : event.requestedChannels()) {
            if (!event.skippedChannels().containsKey(channel)) {
                channels.put(channel, new ChannelProgress());
            }
        }
        SagaLifecycle.associateWith(RECIPIENT_ID, event.recipientId());
        if (isScheduled(event, sentAt)) {
            releaseDeadlineId = deadlines.schedule(event.sendAt(), RELEASE_DEADLINE, new ReleaseDue(notificationId));
        } else {
            startDelivery(sentAt, dispatcher, deadlines, commands, policy);
        }
    }

    /**
     * Whether a sent notification needs a saga at all. One that goes out at once on nothing but IN_APP (requested
     * alone, or every other channel skipped) has nothing to attempt, retry or release: the inbox projection records
     * its IN_APP outcome. Starting a saga anyway would cost a saga-store lookup and a saga instance per send, only to
     * end it in the same step. {@link SagaStartFilter} keeps such events from the saga manager.
     *
     * @param sentAt the event's timestamp
     */
    public static boolean isNeededFor(NotificationSentEvent event, Instant sentAt) {
        return isScheduled(event, sentAt) || event.requestedChannels().stream().anyMatch(
                channel -> channel != Channel.IN_APP && !event.skippedChannels().containsKey(channel));
    }

    private static boolean isScheduled(NotificationSentEvent event, Instant sentAt) {
        return event.sendAt() != null && event.sendAt().isAfter(sentAt);
    }

    @DeadlineHandler(deadlineName = RELEASE_DEADLINE)
    public void on(ReleaseDue due, DeadlineManager deadlines, CommandGateway commands) {
        releaseDeadlineId = deadlines.schedule(RELEASE_RECHECK, RELEASE_DEADLINE, due);
        send(commands, new ReleaseNotificationCommand(notificationId));
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(NotificationReleasedEvent event, @Timestamp Instant releasedAt, DeliveryDispatcher dispatcher,
                   DeadlineManager deadlines, CommandGateway commands, RetryPolicy policy) {
        cancelRelease(deadlines);
        startDelivery(releasedAt, dispatcher, deadlines, commands, policy);
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(DeliveryAttemptFailedEvent event, DeadlineManager deadlines, CommandGateway commands) {
        ChannelProgress progress = channels.get(event.channel());
        if (progress == null || !progress.isCurrent(event.attempt())) {
            return;
        }
        if (event.nextAttemptAt() != null) {
            RetryDue retry = new RetryDue(event.channel(), event.attempt() + 1);
            progress.waitingToRetry(event.attempt(), deadlines.schedule(event.nextAttemptAt(), RETRY_DEADLINE, retry),
                                    deadlines);
        } else {
            progress.closing(deadlines);
            send(commands, new RecordDeliveryFailedCommand(notificationId, event.channel(), event.attempt(),
                                                           event.error()));
        }
    }

    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    public void on(RetryDue retry, @Timestamp Instant now, DeliveryDispatcher dispatcher, DeadlineManager deadlines,
                   CommandGateway commands, RetryPolicy policy) {
        ChannelProgress progress = channels.get(retry.channel());
        if (progress != null && progress.isWaitingToRetry(retry.attempt())) {
            attempt(retry.channel(), retry.attempt(), now, dispatcher, deadlines, commands, policy);
        }
    }

    /**
     * The attempt's outcome never arrived: its worker crashed, the process restarted, or its command was lost. It
     * counts as a retryable failure, recorded like any other. The watchdog stays armed until an outcome for the
     * attempt is seen, so that even a lost failure command cannot leave the channel hanging.
     */
    @DeadlineHandler(deadlineName = WATCHDOG_DEADLINE)
    public void on(AttemptWatchdog watchdog, @Timestamp Instant now, DeadlineManager deadlines,
                   CommandGateway commands, RetryPolicy policy) {
        ChannelProgress progress = channels.get(watchdog.channel());
        if (progress == null || !progress.isCurrent(watchdog.attempt())) {
            return;
        }
        progress.attempting(watchdog.attempt(),
                            deadlines.schedule(policy.attemptWatchdog(), WATCHDOG_DEADLINE, watchdog));
        recordRetryableFailure(watchdog.channel(), watchdog.attempt(), NO_OUTCOME, now, commands, policy);
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(DeliverySucceededEvent event, DeadlineManager deadlines) {
        finish(event.channel(), deadlines);
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(DeliveryFailedEvent event, DeadlineManager deadlines) {
        finish(event.channel(), deadlines);
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(DeliverySkippedEvent event, DeadlineManager deadlines) {
        finish(event.channel(), deadlines);
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(DeliveryCancelledEvent event, DeadlineManager deadlines) {
        finish(event.channel(), deadlines);
    }

    /** An opt-out while deliveries are still open stops them: no further attempt goes out on those channels. */
    @SagaEventHandler(associationProperty = RECIPIENT_ID)
    public void on(SubscriptionCancelledEvent event, DeadlineManager deadlines, CommandGateway commands) {
        if (!ANY_CATEGORY.equals(event.category()) && !event.category().equals(category)) {
            return;
        }
        channels.forEach((channel, progress) -> {
            boolean optedOut = event.channels().isEmpty() || event.channels().contains(channel);
            if (optedOut && progress.isOpen()) {
                progress.closing(deadlines);
                send(commands, new RecordDeliverySkippedCommand(notificationId, channel, SkipReason.OPTED_OUT));
            }
        });
    }

    @SagaEventHandler(associationProperty = NOTIFICATION_ID)
    public void on(NotificationCancelledEvent event, DeadlineManager deadlines, CommandGateway commands) {
        cancelled = true;
        cancelRelease(deadlines);
        channels.forEach((channel, progress) -> {
            if (progress.isOpen()) {
                progress.closing(deadlines);
                send(commands, new RecordDeliveryCancelledCommand(notificationId, channel));
            }
        });
        endWhenEveryChannelIsFinished(deadlines);
    }

    private void startDelivery(Instant now, DeliveryDispatcher dispatcher, DeadlineManager deadlines,
                               CommandGateway commands, RetryPolicy policy) {
        if (dueAt != null) {
            return;
        }
        dueAt = now;
        Set<Channel> held = EnumSet.noneOf(Channel.class);
        channels.forEach((channel, progress) -> {
            if (channel != Channel.IN_APP && progress.isPending()) {
                if (isHeldByQuietHours(channel, now)) {
                    held.add(channel);
                } else {
                    attempt(channel, 1, now, dispatcher, deadlines, commands, policy);
                }
            }
        });
        if (!held.isEmpty()) {
            hold(held, quietHours().endAfter(now, zone()), deadlines, commands);
        }
        // Nothing to retry when only IN_APP is left, and a live saga costs a lookup for every event.
        boolean onlyInAppLeft = channels.entrySet().stream()
                                        .allMatch(entry -> entry.getKey() == Channel.IN_APP
                                                || entry.getValue().isFinished());
        if (onlyInAppLeft) {
            SagaLifecycle.end();
        }
    }

    /**
     * NORMAL and LOW sends wait on EMAIL, SMS and PUSH while the recipient's quiet hours last (as they were when the
     * notification was sent, in the recipient's time zone; UTC without one). HIGH priority passes.
     */
    private boolean isHeldByQuietHours(Channel channel, Instant now) {
        return quietFrom != null && priority != Priority.HIGH && HELD_BY_QUIET_HOURS.contains(channel)
                && quietHours().contains(now, zone());
    }

    private QuietHours quietHours() {
        return new QuietHours(quietFrom, quietUntil);
    }

    private ZoneId zone() {
        try {
            return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC; // a zone this runtime's rules no longer know: checked when it was stored
        }
    }

    /**
     * The hold is a persistent deadline like a retry (db-scheduler on the default profile, MongoDB on the cluster
     * profiles), so a restart during the quiet hours loses no held channel; the recorded hold shows in the status.
     */
    private void hold(Set<Channel> held, Instant until, DeadlineManager deadlines, CommandGateway commands) {
        held.forEach(channel -> channels.get(channel).held(until));
        holdDeadlineId = deadlines.schedule(until, QUIET_HOURS_DEADLINE, new QuietHoursOver());
        send(commands, new RecordDeliveryHeldCommand(notificationId, held, until));
    }

    /** The quiet hours are over: the held channels still open get their first attempt. */
    @DeadlineHandler(deadlineName = QUIET_HOURS_DEADLINE)
    public void on(QuietHoursOver over, @Timestamp Instant now, DeliveryDispatcher dispatcher,
                   DeadlineManager deadlines, CommandGateway commands, RetryPolicy policy) {
        holdDeadlineId = null;
        channels.forEach((channel, progress) -> {
            if (channel != Channel.IN_APP && progress.isPending()) {
                attempt(channel, 1, now, dispatcher, deadlines, commands, policy);
            }
        });
    }

    private void attempt(Channel channel, int attempt, Instant now, DeliveryDispatcher dispatcher,
                         DeadlineManager deadlines, CommandGateway commands, RetryPolicy policy) {
        ChannelProgress progress = channels.get(channel);
        progress.attempting(attempt, deadlines.schedule(policy.attemptWatchdog(), WATCHDOG_DEADLINE,
                                                        new AttemptWatchdog(channel, attempt)));
        DeliveryTask task = new DeliveryTask(notificationId, channel, attempt, priority,
                                             policy.giveUpAt(channel, progress.dueAt(dueAt)));
        // Handed to a worker only once this step is committed: an attempt never runs for saga state that a failed
        // commit threw away (the step is then handled again and hands it out once).
        afterCommit(() -> {
            if (!dispatcher.dispatch(task)) {
                recordRetryableFailure(channel, attempt, "the " + channel + " delivery queue is full", now, commands,
                                       policy);
            }
        });
    }

    private static void afterCommit(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> action.run());
        } else {
            action.run();
        }
    }

    private void recordRetryableFailure(Channel channel, int attempt, String error, Instant now,
                                        CommandGateway commands, RetryPolicy policy) {
        Instant channelDueAt = channels.get(channel).dueAt(dueAt);
        Instant nextAttemptAt = policy.nextAttemptAt(channel, attempt, null, now,
                                                     policy.giveUpAt(channel, channelDueAt)).orElse(null);
        send(commands, new RecordDeliveryAttemptFailedCommand(notificationId, channel, attempt, error, true,
                                                              nextAttemptAt));
    }

    private void finish(Channel channel, DeadlineManager deadlines) {
        ChannelProgress progress = channels.get(channel);
        if (progress != null) {
            progress.finished(deadlines);
        }
        endWhenEveryChannelIsFinished(deadlines);
    }

    /** A scheduled notification is not done before its release, even when every channel was opted out meanwhile. */
    private void endWhenEveryChannelIsFinished(DeadlineManager deadlines) {
        if ((dueAt != null || cancelled) && channels.values().stream().allMatch(ChannelProgress::isFinished)) {
            cancelRelease(deadlines);
            cancelHold(deadlines);
            SagaLifecycle.end();
        }
    }

    private void cancelHold(DeadlineManager deadlines) {
        if (holdDeadlineId != null) {
            deadlines.cancelSchedule(QUIET_HOURS_DEADLINE, holdDeadlineId);
            holdDeadlineId = null;
        }
    }

    private void cancelRelease(DeadlineManager deadlines) {
        if (releaseDeadlineId != null) {
            deadlines.cancelSchedule(RELEASE_DEADLINE, releaseDeadlineId);
            releaseDeadlineId = null;
        }
    }

    /**
     * Sent without waiting, so that no processor thread blocks; each command is a no-op when repeated. A lost attempt
     * failure is sent again by the re-armed watchdog and a lost release by the recheck; a lost final outcome is only
     * logged, since it fails only when the aggregate itself cannot be loaded.
     */
    private void send(CommandGateway commands, Object command) {
        commands.send(command).exceptionally(failure -> {
            log.warn("Notification {}: {} failed", notificationId, command.getClass().getSimpleName(), failure);
            return null;
        });
    }
}

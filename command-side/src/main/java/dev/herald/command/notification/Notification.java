package dev.herald.command.notification;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.Channel;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.SkipReason;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.CancelNotificationCommand;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.ChannelState;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationState;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.api.notification.RecordDeliveryAttemptFailedCommand;
import dev.herald.api.notification.RecordDeliveryAttemptStartedCommand;
import dev.herald.api.notification.RecordDeliveryCancelledCommand;
import dev.herald.api.notification.RecordDeliveryFailedCommand;
import dev.herald.api.notification.RecordDeliveryHeldCommand;
import dev.herald.api.notification.RecordDeliverySkippedCommand;
import dev.herald.api.notification.RecordDeliverySucceededCommand;
import dev.herald.api.notification.ReleaseNotificationCommand;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.notification.SendNotificationResult;
import dev.herald.api.throttle.PassThrottleCommand;
import dev.herald.command.recipient.Reachability;
import dev.herald.command.recipient.RecipientDirectory;
import dev.herald.command.throttle.ThrottleGate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One notification from one sender to one recipient, and the outcome of each channel it was sent on.
 *
 * <p>Its id comes from the sender's idempotency key when there is one, so a repeated send lands here again and is
 * answered from the stored state. Channels skipped at send time start final; once every channel is final an
 * accepted notification is COMPLETED (state only: readers derive it from the same events).
 *
 * <p>IN_APP awaits no outcome event: the inbox projection places every released notification that asked for it, so
 * the channel is final ({@code DELIVERED}) here from the event that makes the notification due (the send, or its
 * release), and only a cancel before the release can still end it. Readers show it {@code DELIVERED} once the inbox
 * holds the item. Events stored before this still carry a {@link DeliverySucceededEvent} for IN_APP, a no-op here.
 */
@Aggregate
class Notification {

    @AggregateIdentifier
    private String notificationId;
    private String senderId;
    private String recipientId;
    private String requestFingerprint;
    private Instant sendAt;
    private NotificationState state;
    private boolean released;
    private boolean read;
    private boolean archived;
    private Map<Channel, ChannelState> deliveries = new EnumMap<>(Channel.class);
    private Map<Channel, Integer> startedAttempts = new EnumMap<>(Channel.class);
    private Map<Channel, Integer> failedAttempts = new EnumMap<>(Channel.class);
    private Map<Channel, Instant> heldUntil = new EnumMap<>(Channel.class);

    Notification() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    /**
     * The recipient is consulted here, not at the edge or in a projection, so that the skip decision is taken
     * against every subscription change committed before this send, in the same unit of work as its event.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    SendNotificationResult handle(SendNotificationCommand command, RecipientDirectory recipients,
                                  ThrottleGate throttles) {
        if (notificationId != null) {
            return repeated(command);
        }
        Reachability reachability = recipients.reachability(command.recipientId(), command.category(),
                                                            command.channels())
                .orElseThrow(() -> new HeraldException(ErrorCode.RECIPIENT_NOT_FOUND,
                                                       "recipient '" + command.recipientId() + "' not found"));
        Map<Channel, SkipReason> skipped = inChannelOrder(reachability.skippedChannels());
        if (isThrottled(command, skipped, throttles)) {
            command.channels().forEach(channel -> skipped.putIfAbsent(channel, SkipReason.THROTTLED));
        }
        holdForDigest(command, skipped);
        apply(new NotificationSentEvent(command.notificationId(), command.senderId(), command.recipientId(),
                                        command.category(), command.priority(), EnumSet.copyOf(command.channels()),
                                        skipped, command.title(), command.body(), command.data(),
                                        dueLater(command.sendAt()), reachability.contactPoints(),
                                        command.requestFingerprint(), command.template(), command.content(),
                                        reachability.quietHours(), command.digest()));
        // IN_APP is final here at once, but the status shows it DELIVERED (and the notification COMPLETED) only once
        // the inbox holds the item, so the answer does not claim more than the status will show at once.
        boolean placed = deliveries.get(Channel.IN_APP) == ChannelState.DELIVERED;
        return new SendNotificationResult(notificationId, state == NotificationState.COMPLETED && placed
                ? NotificationState.ACCEPTED : state, false);
    }

    /**
     * Asked before the send's own event is applied, so that a pass comes first among the unit of work's events (see
     * {@link ThrottleGate}). A send that reaches no channel anyway takes no place in the throttle.
     */
    private static boolean isThrottled(SendNotificationCommand command, Map<Channel, SkipReason> skipped,
                                       ThrottleGate throttles) {
        if (command.throttle() == null || skipped.keySet().containsAll(command.channels())) {
            return false;
        }
        return !throttles.pass(new PassThrottleCommand(command.recipientId(), command.throttle(),
                                                       command.notificationId()));
    }

    /**
     * A send time that is not in the future (the edge tolerates a little clock skew) means "now": the event then
     * carries none, so that every reader can take "has a sendAt" to mean "scheduled" without comparing clocks.
     */
    private static Instant dueLater(Instant sendAt) {
        return sendAt != null && sendAt.isAfter(GenericEventMessage.clock.instant()) ? sendAt : null;
    }

    private SendNotificationResult repeated(SendNotificationCommand command) {
        if (!senderId.equals(command.senderId()) || !requestFingerprint.equals(command.requestFingerprint())) {
            throw new HeraldException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                                      "this Idempotency-Key was already used for a different request");
        }
        return new SendNotificationResult(notificationId, state, true);
    }

    @CommandHandler
    void handle(MarkNotificationReadCommand command) {
        requireVisibleTo(command.recipientId());
        if (!read) {
            apply(new NotificationReadEvent(notificationId, recipientId));
        }
    }

    @CommandHandler
    void handle(MarkNotificationUnreadCommand command) {
        requireVisibleTo(command.recipientId());
        if (read) {
            apply(new NotificationUnreadEvent(notificationId, recipientId));
        }
    }

    @CommandHandler
    void handle(ArchiveNotificationCommand command) {
        requireVisibleTo(command.recipientId());
        if (!archived) {
            apply(new NotificationArchivedEvent(notificationId, recipientId));
        }
    }

    /**
     * Cancelling also records a cancelled outcome for every channel still open, so each channel ends with one
     * recorded outcome without depending on anyone else to send it.
     */
    @CommandHandler
    void handle(CancelNotificationCommand command) {
        if (!senderId.equals(command.senderId())) {
            throw notFound();
        }
        if (state == NotificationState.CANCELLED) {
            return;
        }
        boolean beforeSendTime = state == NotificationState.SCHEDULED
                && GenericEventMessage.clock.instant().isBefore(sendAt);
        boolean deliveriesPending = state == NotificationState.ACCEPTED && !openChannels().isEmpty();
        if (!beforeSendTime && !deliveriesPending) {
            throw new HeraldException(ErrorCode.NOTIFICATION_NOT_CANCELLABLE, "notification '" + notificationId
                    + "' can no longer be cancelled: every channel already has its outcome");
        }
        apply(new NotificationCancelledEvent(notificationId, recipientId));
        for (Channel channel : openChannels()) {
            apply(new DeliveryCancelledEvent(notificationId, recipientId, channel));
        }
    }

    @CommandHandler
    void handle(ReleaseNotificationCommand command) {
        if (state == NotificationState.SCHEDULED) {
            apply(new NotificationReleasedEvent(notificationId, recipientId,
                                                deliveries.get(Channel.IN_APP) == ChannelState.PENDING));
        }
    }

    /**
     * Answers whether the attempt may go ahead: false when the channel already has its outcome (an opt-out or a
     * cancel arrived while the attempt waited in a queue) or when this attempt was already started.
     */
    @CommandHandler
    boolean handle(RecordDeliveryAttemptStartedCommand command) {
        requirePositiveAttempt(command.attempt());
        if (isFinal(command.channel()) || command.attempt() <= startedAttempts.getOrDefault(command.channel(), 0)) {
            return false;
        }
        apply(new DeliveryAttemptStartedEvent(notificationId, recipientId, command.channel(), command.attempt(),
                                              command.provider()));
        return true;
    }

    /** A repeat of an already recorded failed attempt is a no-op too, so the attempt history has no duplicates. */
    @CommandHandler
    void handle(RecordDeliveryAttemptFailedCommand command) {
        requirePositiveAttempt(command.attempt());
        if (isFinal(command.channel()) || command.attempt() <= failedAttempts.getOrDefault(command.channel(), 0)) {
            return;
        }
        apply(new DeliveryAttemptFailedEvent(notificationId, recipientId, command.channel(), command.attempt(),
                                             command.error(), command.retryable(), command.nextAttemptAt(),
                                             command.provider()));
    }

    @CommandHandler
    void handle(RecordDeliverySucceededCommand command) {
        if (!isFinal(command.channel())) {
            apply(new DeliverySucceededEvent(notificationId, recipientId, command.channel(), command.attempt(),
                                             command.provider()));
        }
    }

    @CommandHandler
    void handle(RecordDeliveryFailedCommand command) {
        if (!isFinal(command.channel())) {
            apply(new DeliveryFailedEvent(notificationId, recipientId, command.channel(), command.attempts(),
                                          command.lastError()));
        }
    }

    @CommandHandler
    void handle(RecordDeliverySkippedCommand command) {
        if (!isFinal(command.channel())) {
            apply(new DeliverySkippedEvent(notificationId, recipientId, command.channel(), command.reason()));
        }
    }

    /** Records the hold for the channels still open; a repeat, or a hold of channels already final, records nothing. */
    @CommandHandler
    void handle(RecordDeliveryHeldCommand command) {
        Set<Channel> open = EnumSet.noneOf(Channel.class);
        for (Channel channel : command.channels()) {
            if (!isFinal(channel) && !command.until().equals(heldUntil.get(channel))) {
                open.add(channel);
            }
        }
        if (!open.isEmpty()) {
            apply(new DeliveryHeldEvent(notificationId, recipientId, open, command.until()));
        }
    }

    @CommandHandler
    void handle(RecordDeliveryCancelledCommand command) {
        if (!isFinal(command.channel())) {
            apply(new DeliveryCancelledEvent(notificationId, recipientId, command.channel()));
        }
    }

    /**
     * A recipient sees only their own notifications, and only once released: a scheduled one is not there yet, and
     * one cancelled before its send time never will be. One cancelled during delivery stays visible.
     */
    private void requireVisibleTo(String caller) {
        if (!recipientId.equals(caller) || !released) {
            throw notFound();
        }
    }

    private HeraldException notFound() {
        return new HeraldException(ErrorCode.NOTIFICATION_NOT_FOUND, "notification '" + notificationId + "' not found");
    }

    private boolean isFinal(Channel channel) {
        ChannelState channelState = deliveries.get(channel);
        if (channelState == null) {
            throw new IllegalArgumentException(
                    "channel " + channel + " was not requested for notification " + notificationId);
        }
        return channelState.isFinal();
    }

    private List<Channel> openChannels() {
        return deliveries.entrySet().stream()
                         .filter(delivery -> !delivery.getValue().isFinal())
                         .map(Map.Entry::getKey)
                         .toList();
    }

    private static void requirePositiveAttempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1, got " + attempt);
        }
    }

    private static Map<Channel, SkipReason> inChannelOrder(Map<Channel, SkipReason> skipped) {
        Map<Channel, SkipReason> ordered = new EnumMap<>(Channel.class);
        ordered.putAll(skipped);
        return ordered;
    }

    /**
     * With a digest every digest channel not skipped already is skipped as DIGESTED: it goes out in the digest
     * notification instead (collected from this event, see the digest collector). A throttled send holds nothing.
     */
    private static void holdForDigest(SendNotificationCommand command, Map<Channel, SkipReason> skipped) {
        if (command.digest() != null) {
            for (Channel channel : command.channels()) {
                if (DigestRequest.CHANNELS.contains(channel)) {
                    skipped.putIfAbsent(channel, SkipReason.DIGESTED);
                }
            }
        }
    }

    @EventSourcingHandler
    void on(NotificationSentEvent event, @Timestamp Instant sentAt) {
        notificationId = event.notificationId();
        senderId = event.senderId();
        recipientId = event.recipientId();
        requestFingerprint = event.requestFingerprint();
        sendAt = event.sendAt();
        for (Channel channel : event.requestedChannels()) {
            deliveries.put(channel, event.skippedChannels().containsKey(channel)
                    ? ChannelState.SKIPPED : ChannelState.PENDING);
        }
        state = sendAt != null ? NotificationState.SCHEDULED : NotificationState.ACCEPTED;
        released = sendAt == null;
        if (released) {
            placeInInbox();
        }
        completeWhenEveryChannelIsFinal();
    }

    @EventSourcingHandler
    void on(NotificationReleasedEvent event) {
        state = NotificationState.ACCEPTED;
        released = true;
        placeInInbox();
        completeWhenEveryChannelIsFinal();
    }

    /** Released with IN_APP still open: the inbox places it, which is the channel's outcome. */
    private void placeInInbox() {
        deliveries.computeIfPresent(Channel.IN_APP,
                                    (channel, channelState) -> channelState.isFinal() ? channelState
                                            : ChannelState.DELIVERED);
    }

    @EventSourcingHandler
    void on(NotificationCancelledEvent event) {
        state = NotificationState.CANCELLED;
    }

    @EventSourcingHandler
    void on(NotificationReadEvent event) {
        read = true;
    }

    @EventSourcingHandler
    void on(NotificationUnreadEvent event) {
        read = false;
    }

    @EventSourcingHandler
    void on(NotificationArchivedEvent event) {
        archived = true;
    }

    @EventSourcingHandler
    void on(DeliveryHeldEvent event) {
        event.channels().forEach(channel -> heldUntil.put(channel, event.until()));
    }

    @EventSourcingHandler
    void on(DeliveryAttemptStartedEvent event) {
        startedAttempts.put(event.channel(), event.attempt());
    }

    @EventSourcingHandler
    void on(DeliveryAttemptFailedEvent event) {
        failedAttempts.put(event.channel(), event.attempt());
        deliveries.put(event.channel(), ChannelState.RETRYING);
    }

    @EventSourcingHandler
    void on(DeliverySucceededEvent event) {
        finish(event.channel(), ChannelState.DELIVERED);
    }

    @EventSourcingHandler
    void on(DeliveryFailedEvent event) {
        finish(event.channel(), ChannelState.FAILED);
    }

    @EventSourcingHandler
    void on(DeliverySkippedEvent event) {
        finish(event.channel(), ChannelState.SKIPPED);
    }

    @EventSourcingHandler
    void on(DeliveryCancelledEvent event) {
        finish(event.channel(), ChannelState.CANCELLED);
    }

    private void finish(Channel channel, ChannelState finalState) {
        deliveries.put(channel, finalState);
        completeWhenEveryChannelIsFinal();
    }

    private void completeWhenEveryChannelIsFinal() {
        if (state == NotificationState.ACCEPTED && deliveries.values().stream().allMatch(ChannelState::isFinal)) {
            state = NotificationState.COMPLETED;
        }
    }
}

package dev.herald.querystack;

import dev.herald.api.Channel;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import dev.herald.api.recipient.ReplaceOptOutsCommand;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Stands in for the command side: it keeps what the aggregates would know in memory, follows their rules for the
 * commands the query side sends (idempotent, own recipient only, the subscription rules of the Recipient), and
 * publishes the events those aggregates would. It is also the truth the read models are compared with.
 */
public class FakeCommandSide {

    private final EventBus eventBus;
    private final Map<String, Notification> notifications = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<Channel>>> optOuts = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    public FakeCommandSide(EventBus eventBus) {
        this.eventBus = eventBus;
    }

    /** A send accepted by the Notification aggregate. */
    public void sent(NotificationSentEvent event) {
        boolean inbox = event.requestedChannels().contains(Channel.IN_APP)
                && !event.skippedChannels().containsKey(Channel.IN_APP) && event.sendAt() == null;
        notifications.put(event.notificationId(), new Notification(event, inbox ? order.incrementAndGet() : 0));
        publish("Notification", event.notificationId(), event);
    }

    public synchronized void released(String notificationId) {
        Notification notification = notifications.get(notificationId);
        if (notification.cancelled || notification.inboxOrder > 0) {
            return;
        }
        NotificationSentEvent sent = notification.sent;
        if (sent.requestedChannels().contains(Channel.IN_APP) && !sent.skippedChannels().containsKey(Channel.IN_APP)) {
            notification.inboxOrder = order.incrementAndGet();
        }
        publish("Notification", notificationId, new NotificationReleasedEvent(notificationId, sent.recipientId()));
    }

    public synchronized void cancelled(String notificationId) {
        Notification notification = notifications.get(notificationId);
        notification.cancelled = true;
        publish("Notification", notificationId, new NotificationCancelledEvent(notificationId,
                                                                               notification.sent.recipientId()));
    }

    /** Any other event of a notification, such as the saga's delivery outcomes. */
    public void publishFor(String notificationId, Object event) {
        publish("Notification", notificationId, event);
    }

    @CommandHandler
    public synchronized void handle(MarkNotificationReadCommand command) {
        Notification notification = own(command.notificationId(), command.recipientId());
        if (!notification.read) {
            notification.read = true;
            publish("Notification", command.notificationId(),
                    new NotificationReadEvent(command.notificationId(), command.recipientId()));
        }
    }

    @CommandHandler
    public synchronized void handle(MarkNotificationUnreadCommand command) {
        Notification notification = own(command.notificationId(), command.recipientId());
        if (notification.read) {
            notification.read = false;
            publish("Notification", command.notificationId(),
                    new NotificationUnreadEvent(command.notificationId(), command.recipientId()));
        }
    }

    @CommandHandler
    public synchronized void handle(ArchiveNotificationCommand command) {
        Notification notification = own(command.notificationId(), command.recipientId());
        if (!notification.archived) {
            notification.archived = true;
            publish("Notification", command.notificationId(),
                    new NotificationArchivedEvent(command.notificationId(), command.recipientId()));
        }
    }

    /** The Recipient aggregate's rule: only what is not in effect yet is recorded. */
    @CommandHandler
    public synchronized void handle(CancelSubscriptionCommand command) {
        Map<String, Set<Channel>> recorded = optOuts.computeIfAbsent(command.recipientId(), key -> new TreeMap<>());
        Set<Channel> added = EnumSet.noneOf(Channel.class);
        for (Channel channel : meant(command.channels())) {
            if (!recorded.getOrDefault(command.category(), Set.of()).contains(channel)
                    && !recorded.getOrDefault("*", Set.of()).contains(channel)) {
                added.add(channel);
            }
        }
        if (!added.isEmpty()) {
            recorded.computeIfAbsent(command.category(), key -> EnumSet.noneOf(Channel.class)).addAll(added);
            publish("Recipient", command.recipientId(),
                    new SubscriptionCancelledEvent(command.recipientId(), command.category(), added));
        }
    }

    /** The Recipient aggregate's rule: renewing {@code *} clears everywhere, one category not while * holds it. */
    @CommandHandler
    public synchronized void handle(RenewSubscriptionCommand command) {
        Map<String, Set<Channel>> recorded = optOuts.computeIfAbsent(command.recipientId(), key -> new TreeMap<>());
        Set<Channel> renewed = EnumSet.noneOf(Channel.class);
        for (Channel channel : meant(command.channels())) {
            boolean changes = "*".equals(command.category())
                    ? recorded.values().stream().anyMatch(channels -> channels.contains(channel))
                    : recorded.getOrDefault(command.category(), Set.of()).contains(channel)
                      && !recorded.getOrDefault("*", Set.of()).contains(channel);
            if (changes) {
                renewed.add(channel);
            }
        }
        if (!renewed.isEmpty()) {
            if ("*".equals(command.category())) {
                recorded.values().forEach(channels -> channels.removeAll(renewed));
            } else {
                recorded.get(command.category()).removeAll(renewed);
            }
            recorded.values().removeIf(Set::isEmpty);
            publish("Recipient", command.recipientId(),
                    new SubscriptionRenewedEvent(command.recipientId(), command.category(), renewed));
        }
    }

    /**
     * The Recipient aggregate's replacement: the differences only, renewals of {@code *} first, and channels that
     * {@code *} covers not kept in single categories.
     */
    @CommandHandler
    public synchronized RecipientSubscriptions handle(ReplaceOptOutsCommand command) {
        Map<String, Set<Channel>> desired = new TreeMap<>();
        for (OptOut optOut : command.optOuts()) {
            desired.computeIfAbsent(optOut.category(), key -> EnumSet.noneOf(Channel.class))
                   .addAll(meant(Set.copyOf(optOut.channels())));
        }
        Set<Channel> everywhere = desired.getOrDefault("*", Set.of());
        desired.forEach((category, channels) -> {
            if (!"*".equals(category)) {
                channels.removeAll(everywhere);
            }
        });
        desired.values().removeIf(Set::isEmpty);
        Map<String, Set<Channel>> recorded = optOuts.computeIfAbsent(command.recipientId(), key -> new TreeMap<>());
        for (String category : new ArrayList<>(recorded.keySet())) {
            Set<Channel> renewed = EnumSet.noneOf(Channel.class);
            renewed.addAll(recorded.getOrDefault(category, Set.of()));
            renewed.removeAll(desired.getOrDefault(category, Set.of()));
            if (!renewed.isEmpty()) {
                if ("*".equals(category)) {
                    recorded.values().forEach(channels -> channels.removeAll(renewed));
                } else {
                    recorded.get(category).removeAll(renewed);
                }
                recorded.values().removeIf(Set::isEmpty);
                publish("Recipient", command.recipientId(),
                        new SubscriptionRenewedEvent(command.recipientId(), category, renewed));
            }
        }
        desired.forEach((category, channels) -> {
            Set<Channel> added = EnumSet.copyOf(channels);
            added.removeAll(recorded.getOrDefault(category, Set.of()));
            if (!added.isEmpty()) {
                recorded.computeIfAbsent(category, key -> EnumSet.noneOf(Channel.class)).addAll(added);
                publish("Recipient", command.recipientId(),
                        new SubscriptionCancelledEvent(command.recipientId(), category, added));
            }
        });
        List<OptOut> list = new ArrayList<>();
        recorded.forEach((category, channels) -> list.add(new OptOut(category, List.copyOf(channels))));
        return new RecipientSubscriptions(command.recipientId(), list);
    }

    /** What the recipient's inbox must show: its notifications that reached the inbox, newest first. */
    public synchronized List<InboxTruth> inbox(String recipientId) {
        List<InboxTruth> inbox = new ArrayList<>();
        for (Notification notification : notifications.values()) {
            if (notification.inboxOrder > 0 && notification.sent.recipientId().equals(recipientId)) {
                inbox.add(new InboxTruth(notification.sent.notificationId(), notification.sent.category(),
                                         notification.read, notification.archived, notification.inboxOrder));
            }
        }
        inbox.sort(Comparator.comparingLong(InboxTruth::order).reversed());
        return inbox;
    }

    public synchronized Map<String, Set<Channel>> optOuts(String recipientId) {
        Map<String, Set<Channel>> copy = new TreeMap<>();
        optOuts.getOrDefault(recipientId, Map.of()).forEach((category, channels) -> copy.put(category,
                                                                                           EnumSet.copyOf(channels)));
        return copy;
    }

    private Notification own(String notificationId, String recipientId) {
        Notification notification = notifications.get(notificationId);
        if (notification == null || !notification.sent.recipientId().equals(recipientId)) {
            throw notFound(notificationId);
        }
        return notification;
    }

    private static CommandExecutionException notFound(String notificationId) {
        String message = "notification " + notificationId + " not found";
        return new CommandExecutionException(message, null,
                                             new ErrorDetails(ErrorCode.NOTIFICATION_NOT_FOUND, message));
    }

    private static Set<Channel> meant(Set<Channel> channels) {
        return channels.isEmpty() ? EnumSet.allOf(Channel.class) : EnumSet.copyOf(channels);
    }

    private void publish(String type, String aggregateId, Object event) {
        long sequence = sequences.computeIfAbsent(aggregateId, key -> new AtomicLong(-1)).incrementAndGet();
        eventBus.publish(new GenericDomainEventMessage<>(type, aggregateId, sequence, event));
    }

    /** One notification of an inbox as the command side knows it. */
    public record InboxTruth(String id, String category, boolean read, boolean archived, long order) {
    }

    private static final class Notification {

        private final NotificationSentEvent sent;
        private long inboxOrder;
        private boolean read;
        private boolean archived;
        private boolean cancelled;

        private Notification(NotificationSentEvent sent, long inboxOrder) {
            this.sent = sent;
            this.inboxOrder = inboxOrder;
        }
    }
}

package dev.herald.query.status;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.inbox.NotificationStatus;
import dev.herald.api.notification.ChannelState;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationState;
import dev.herald.query.StoredTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.data.annotation.Id;

/**
 * A notification as its sender sees it. Channels are kept as lists sorted by channel, never as hash sets or maps,
 * so that a replay in another JVM writes byte-for-byte the same document.
 *
 * <p>Once the notification is due, its IN_APP channel is the inbox's: no event records its outcome any more (events
 * stored before that still do, with a {@code DeliverySucceededEvent}), so the document keeps it open and the query
 * shows it {@code DELIVERED} once the inbox holds the item ({@link #awaitsInbox}, {@link #placedInInbox}). Only a
 * cancel before the release ends it here.
 */
public record NotificationStatusDocument(@Id String notificationId, String senderId, String recipientId,
                                         String category, Priority priority, NotificationState state,
                                         List<Channel> requestedChannels, List<SkippedChannel> skippedChannels,
                                         List<ChannelRecord> channels, Instant createdAt, Instant sendAt) {

    static NotificationStatusDocument sent(NotificationSentEvent event, Instant at) {
        Map<Channel, SkipReason> skipped = event.skippedChannels() == null ? Map.of() : event.skippedChannels();
        List<Channel> requested = event.requestedChannels() == null ? List.of()
                : event.requestedChannels().stream().sorted().toList();
        List<SkippedChannel> skippedChannels = skipped.entrySet().stream()
                .map(entry -> new SkippedChannel(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(SkippedChannel::channel))
                .toList();
        List<ChannelRecord> channels = requested.stream()
                .map(channel -> skipped.containsKey(channel)
                        ? ChannelRecord.skipped(channel) : ChannelRecord.pending(channel))
                .toList();
        NotificationState state = event.sendAt() == null ? NotificationState.ACCEPTED : NotificationState.SCHEDULED;
        return new NotificationStatusDocument(event.notificationId(), event.senderId(), event.recipientId(),
                                              event.category(), event.priority(), state, requested,
                                              skippedChannels, channels, at,
                                              StoredTime.of(event.sendAt())).settled();
    }

    NotificationStatusDocument released() {
        return state == NotificationState.SCHEDULED ? withState(NotificationState.ACCEPTED).settled() : this;
    }

    /**
     * No channel will be attempted any more: the ones still open end as cancelled, except IN_APP once the
     * notification was due, which the inbox holds (or will) whatever happens to the others.
     */
    NotificationStatusDocument cancelled() {
        if (state == NotificationState.COMPLETED || state == NotificationState.CANCELLED) {
            return this;
        }
        boolean released = state != NotificationState.SCHEDULED;
        List<ChannelRecord> ended = channels.stream()
                .map(channel -> released && channel.channel() == Channel.IN_APP
                        ? channel : channel.ended(ChannelState.CANCELLED))
                .toList();
        return new NotificationStatusDocument(notificationId, senderId, recipientId, category, priority,
                                              NotificationState.CANCELLED, requestedChannels, skippedChannels,
                                              ended, createdAt, sendAt);
    }

    NotificationStatusDocument channel(Channel channel, UnaryOperator<ChannelRecord> change) {
        List<ChannelRecord> changed = channels.stream()
                .map(progress -> progress.channel() == channel ? change.apply(progress) : progress)
                .toList();
        return new NotificationStatusDocument(notificationId, senderId, recipientId, category, priority, state,
                                              requestedChannels, skippedChannels, changed, createdAt, sendAt)
                .settled();
    }

    /** A skip after the send (an opt-out during retries) is reported like one decided at send time. */
    NotificationStatusDocument skipped(Channel channel, SkipReason reason) {
        boolean open = channels.stream()
                .anyMatch(progress -> progress.channel() == channel && !progress.status().isFinal());
        if (!open) {
            return this;
        }
        List<SkippedChannel> skips = new ArrayList<>(skippedChannels);
        skips.add(new SkippedChannel(channel, reason));
        skips.sort(Comparator.comparing(SkippedChannel::channel));
        return new NotificationStatusDocument(notificationId, senderId, recipientId, category, priority, state,
                                              requestedChannels, skips, channels, createdAt, sendAt)
                .channel(channel, progress -> progress.ended(ChannelState.SKIPPED));
    }

    /** Whether IN_APP is open on a due notification: the inbox decides it. */
    boolean awaitsInbox() {
        return state != NotificationState.SCHEDULED && channels.stream().anyMatch(
                channel -> channel.channel() == Channel.IN_APP && !channel.status().isFinal());
    }

    /** IN_APP as the inbox shows it: delivered on its one attempt, when the item was placed. */
    NotificationStatusDocument placedInInbox(Instant placedAt) {
        return channel(Channel.IN_APP, channel -> channel.succeeded(1, null, placedAt));
    }

    NotificationStatus toStatus() {
        Set<Channel> requested = EnumSet.noneOf(Channel.class);
        requested.addAll(requestedChannels);
        Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
        skippedChannels.forEach(skip -> skipped.put(skip.channel(), skip.reason()));
        return new NotificationStatus(notificationId, senderId, recipientId, category, priority, state, requested,
                                      skipped, channels.stream().map(ChannelRecord::toStatus).toList(),
                                      createdAt, sendAt);
    }

    /** An accepted notification is complete once every channel has its final outcome. */
    private NotificationStatusDocument settled() {
        boolean allFinal = channels.stream().allMatch(channel -> channel.status().isFinal());
        return state == NotificationState.ACCEPTED && allFinal ? withState(NotificationState.COMPLETED) : this;
    }

    private NotificationStatusDocument withState(NotificationState next) {
        return new NotificationStatusDocument(notificationId, senderId, recipientId, category, priority, next,
                                              requestedChannels, skippedChannels, channels, createdAt, sendAt);
    }
}

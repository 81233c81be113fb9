package dev.herald.bench;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.NotificationSentEvent;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Events as Herald's command side writes them for an accepted IN_APP send: one {@code NotificationSentEvent}, the
 * first event of a {@code Notification} aggregate, with no metadata (Herald adds none). The recipients' contact
 * points are the ones the suite registers over HTTP.
 */
final class SeedEvents {

    /** Axon names an aggregate's events after its class, {@code dev.herald.command.notification.Notification}. */
    static final String NOTIFICATION_AGGREGATE = "Notification";
    /** The sender id of the bootstrap admin key the suite sends with. */
    static final String SENDER = "admin";

    private SeedEvents() {
    }

    static DomainEventMessage<NotificationSentEvent> notificationSent(String notificationId, String recipientId,
                                                                      Instant at) {
        NotificationSentEvent event = new NotificationSentEvent(
                notificationId, SENDER, recipientId, SendThroughput.CATEGORY, Priority.NORMAL,
                EnumSet.of(Channel.IN_APP), new EnumMap<Channel, SkipReason>(Channel.class),
                "Your weekly summary is ready", "Sent by the Herald benchmark suite to measure send throughput.",
                Map.of(), null,
                new ContactPoints(recipientId + "@example.test", null, List.of(), null, "en-GB", null),
                UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""));
        return new GenericDomainEventMessage<>(NOTIFICATION_AGGREGATE, notificationId, 0, event, Map.of(),
                                               UUID.randomUUID().toString(), at);
    }

    /**
     * {@code count} notifications, the i-th to recipient {@code i % recipients}, one millisecond apart and ending
     * now, so that every recipient gets the same share in the order of the stream.
     */
    static Iterator<DomainEventMessage<?>> notifications(long count, int recipients) {
        Instant first = Instant.now().minusMillis(count);
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public DomainEventMessage<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long i = next++;
                return notificationSent(UUID.randomUUID().toString(),
                                        HeraldInstance.recipientId((int) (i % recipients)), first.plusMillis(i));
            }
        };
    }

    /** How many of {@link #notifications}' events go to recipient {@code index}. */
    static long sentTo(int index, long count, int recipients) {
        return count / recipients + (index < count % recipients ? 1 : 0);
    }
}

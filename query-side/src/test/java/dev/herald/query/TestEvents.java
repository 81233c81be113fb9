package dev.herald.query;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.TemplateRef;
import dev.herald.api.notification.NotificationUnreadEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Event payloads and event times for the query-side tests. */
public final class TestEvents {

    /** Has nanoseconds on purpose: the read models must keep only what MongoDB keeps. */
    public static final Instant T0 = Instant.parse("2025-03-01T09:00:00.123456789Z");

    private TestEvents() {
    }

    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    public static NotificationSentEvent sent(String notificationId, String recipientId) {
        return sent(notificationId, recipientId, Set.of(Channel.IN_APP, Channel.EMAIL), Map.of(), null);
    }

    public static NotificationSentEvent scheduled(String notificationId, String recipientId, Instant sendAt) {
        return sent(notificationId, recipientId, Set.of(Channel.IN_APP, Channel.EMAIL), Map.of(), sendAt);
    }

    public static NotificationSentEvent sent(String notificationId, String recipientId, Set<Channel> channels,
                                             Map<Channel, SkipReason> skipped, Instant sendAt) {
        return new NotificationSentEvent(notificationId, "sender-1", recipientId, "billing", Priority.NORMAL,
                                         channels, skipped, "Title " + notificationId, "Body " + notificationId,
                                         Map.of("ref", notificationId), sendAt,
                                         new ContactPoints("r@example.com", null, null, null, "en", "UTC"),
                                         "fingerprint-" + notificationId);
    }

    public static NotificationSentEvent withData(NotificationSentEvent event, Map<String, Object> data) {
        return new NotificationSentEvent(event.notificationId(), event.senderId(), event.recipientId(),
                                         event.category(), event.priority(), event.requestedChannels(),
                                         event.skippedChannels(), event.title(), event.body(), data,
                                         event.sendAt(), event.contactPoints(), event.requestFingerprint());
    }

    public static NotificationSentEvent inCategory(NotificationSentEvent event, String category) {
        return new NotificationSentEvent(event.notificationId(), event.senderId(), event.recipientId(), category,
                                         event.priority(), event.requestedChannels(), event.skippedChannels(),
                                         event.title(), event.body(), event.data(), event.sendAt(),
                                         event.contactPoints(), event.requestFingerprint());
    }

    /** The event as a templated send makes it: the template it was rendered from, and what that gave. */
    public static NotificationSentEvent fromTemplate(NotificationSentEvent event, TemplateRef template) {
        return new NotificationSentEvent(event.notificationId(), event.senderId(), event.recipientId(),
                                         event.category(), event.priority(), event.requestedChannels(),
                                         event.skippedChannels(), event.title(), event.body(), event.data(),
                                         event.sendAt(), event.contactPoints(), event.requestFingerprint(), template,
                                         new ChannelContents(new InAppContent(event.title(), event.body()), null,
                                                             null, null, null));
    }

    public static NotificationReleasedEvent released(String notificationId, String recipientId) {
        return new NotificationReleasedEvent(notificationId, recipientId);
    }

    public static NotificationCancelledEvent cancelled(String notificationId, String recipientId) {
        return new NotificationCancelledEvent(notificationId, recipientId);
    }

    public static NotificationReadEvent read(String notificationId, String recipientId) {
        return new NotificationReadEvent(notificationId, recipientId);
    }

    public static NotificationUnreadEvent unread(String notificationId, String recipientId) {
        return new NotificationUnreadEvent(notificationId, recipientId);
    }

    public static NotificationArchivedEvent archived(String notificationId, String recipientId) {
        return new NotificationArchivedEvent(notificationId, recipientId);
    }

    public static DeliveryAttemptStartedEvent attemptStarted(String notificationId, Channel channel, int attempt) {
        return new DeliveryAttemptStartedEvent(notificationId, "recipient-1", channel, attempt);
    }

    public static DeliveryAttemptFailedEvent attemptFailed(String notificationId, Channel channel, int attempt,
                                                           String error, Instant nextAttemptAt) {
        return new DeliveryAttemptFailedEvent(notificationId, "recipient-1", channel, attempt, error,
                                              nextAttemptAt != null, nextAttemptAt);
    }

    public static DeliverySucceededEvent succeeded(String notificationId, Channel channel, int attempt) {
        return new DeliverySucceededEvent(notificationId, "recipient-1", channel, attempt);
    }

    public static DeliveryFailedEvent failedForGood(String notificationId, Channel channel, int attempts,
                                                    String lastError) {
        return new DeliveryFailedEvent(notificationId, "recipient-1", channel, attempts, lastError);
    }

    public static DeliverySkippedEvent skipped(String notificationId, Channel channel, SkipReason reason) {
        return new DeliverySkippedEvent(notificationId, "recipient-1", channel, reason);
    }

    public static DeliveryCancelledEvent deliveryCancelled(String notificationId, Channel channel) {
        return new DeliveryCancelledEvent(notificationId, "recipient-1", channel);
    }
}

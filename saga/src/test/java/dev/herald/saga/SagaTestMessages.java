package dev.herald.saga;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
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
import dev.herald.api.notification.RecordDeliverySkippedCommand;
import dev.herald.api.notification.RecordDeliverySucceededCommand;
import dev.herald.api.notification.ReleaseNotificationCommand;
import dev.herald.api.notification.RecordDeliveryHeldCommand;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.saga.channel.DeliveryRequest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test messages for the saga module, and the events the Notification aggregate would apply for its commands. */
public final class SagaTestMessages {

    public static final String NOTIFICATION_ID = "7d1c1f52-3c1e-4b8e-9a51-2f0c6c1d9e10";
    public static final String RECIPIENT_ID = "recipient-ada";
    public static final String SENDER_ID = "sender-shop";
    public static final String CATEGORY = "billing";
    public static final String TITLE = "Your invoice is ready";
    public static final String BODY = "Invoice 2024-117 over EUR 42.00 is ready.";
    public static final Map<String, Object> DATA = Map.of("invoice", "2024-117");
    public static final Instant CREATED_AT = Instant.parse("2030-01-01T09:00:00Z");
    public static final ContactPoints CONTACT_POINTS = new ContactPoints(
            "ada@example.com", "+15550100", List.of("device-token-1"), "https://hooks.example.com/herald",
            "en", "Europe/Amsterdam");

    private SagaTestMessages() {
    }

    public static NotificationSentEvent sent(Channel... channels) {
        return sent(Priority.NORMAL, null, Map.of(), channels);
    }

    public static NotificationSentEvent scheduled(Instant sendAt, Channel... channels) {
        return sent(Priority.NORMAL, sendAt, Map.of(), channels);
    }

    public static NotificationSentEvent sentSkipping(Map<Channel, SkipReason> skipped, Channel... channels) {
        return sent(Priority.NORMAL, null, skipped, channels);
    }

    public static NotificationSentEvent sent(Priority priority, Instant sendAt, Map<Channel, SkipReason> skipped,
                                             Channel... channels) {
        Set<Channel> requested = EnumSet.noneOf(Channel.class);
        requested.addAll(List.of(channels));
        return new NotificationSentEvent(NOTIFICATION_ID, SENDER_ID, RECIPIENT_ID, CATEGORY, priority, requested,
                                         skipped, TITLE, BODY, DATA, sendAt, CONTACT_POINTS, "fingerprint-1");
    }

    /** Sent to a recipient with these quiet hours, in {@link #CONTACT_POINTS}' zone (Europe/Amsterdam). */
    public static NotificationSentEvent sentInQuietHours(QuietHours quietHours, Priority priority, Instant sendAt,
                                                         Channel... channels) {
        NotificationSentEvent sent = sent(priority, sendAt, Map.of(), channels);
        return new NotificationSentEvent(sent.notificationId(), sent.senderId(), sent.recipientId(), sent.category(),
                                         sent.priority(), sent.requestedChannels(), sent.skippedChannels(),
                                         sent.title(), sent.body(), sent.data(), sent.sendAt(), sent.contactPoints(),
                                         sent.requestFingerprint(), null, null, quietHours);
    }

    public static NotificationReleasedEvent released() {
        return new NotificationReleasedEvent(NOTIFICATION_ID, RECIPIENT_ID);
    }

    public static NotificationCancelledEvent cancelled() {
        return new NotificationCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID);
    }

    public static DeliverySucceededEvent succeeded(Channel channel, int attempt) {
        return new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, channel, attempt);
    }

    public static SubscriptionCancelledEvent optedOut(String category, Channel... channels) {
        return new SubscriptionCancelledEvent(RECIPIENT_ID, category, Set.of(channels));
    }

    public static DeliveryRequest request(Channel channel, int attempt) {
        return request(CONTACT_POINTS, channel, attempt);
    }

    public static DeliveryRequest request(ContactPoints contactPoints, Channel channel, int attempt) {
        return new DeliveryRequest(NOTIFICATION_ID, RECIPIENT_ID, CATEGORY, Priority.HIGH, TITLE, BODY, DATA,
                                   CREATED_AT, contactPoints, channel, attempt);
    }

    /** The event the Notification aggregate applies for a delivery command on a channel that is not final yet. */
    public static Object recorded(Object command) {
        if (command instanceof RecordDeliveryAttemptFailedCommand failed) {
            return new DeliveryAttemptFailedEvent(failed.notificationId(), RECIPIENT_ID, failed.channel(),
                                                  failed.attempt(), failed.error(), failed.retryable(),
                                                  failed.nextAttemptAt());
        }
        if (command instanceof RecordDeliverySucceededCommand succeeded) {
            return new DeliverySucceededEvent(succeeded.notificationId(), RECIPIENT_ID, succeeded.channel(),
                                              succeeded.attempt());
        }
        if (command instanceof RecordDeliveryFailedCommand failed) {
            return new DeliveryFailedEvent(failed.notificationId(), RECIPIENT_ID, failed.channel(), failed.attempts(),
                                           failed.lastError());
        }
        if (command instanceof RecordDeliverySkippedCommand skipped) {
            return new DeliverySkippedEvent(skipped.notificationId(), RECIPIENT_ID, skipped.channel(),
                                            skipped.reason());
        }
        if (command instanceof RecordDeliveryCancelledCommand cancelled) {
            return new DeliveryCancelledEvent(cancelled.notificationId(), RECIPIENT_ID, cancelled.channel());
        }
        if (command instanceof RecordDeliveryHeldCommand held) {
            return new DeliveryHeldEvent(held.notificationId(), RECIPIENT_ID, held.channels(), held.until());
        }
        if (command instanceof ReleaseNotificationCommand release) {
            return new NotificationReleasedEvent(release.notificationId(), RECIPIENT_ID);
        }
        throw new IllegalArgumentException("no event for " + command);
    }
}

package dev.herald.querystack;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.NotificationSentEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Send events as the Notification aggregate records them, for the stack tests. */
final class Sends {

    private Sends() {
    }

    static NotificationSentEvent inApp(String notificationId, String recipientId, String category) {
        return send(notificationId, recipientId, category, Set.of(Channel.IN_APP, Channel.EMAIL), null);
    }

    static NotificationSentEvent send(String notificationId, String recipientId, String category,
                                      Set<Channel> channels, Instant sendAt) {
        return send(notificationId, recipientId, category, channels, sendAt, Map.of());
    }

    static NotificationSentEvent send(String notificationId, String recipientId, String category,
                                      Set<Channel> channels, Instant sendAt, Map<Channel, SkipReason> skipped) {
        return new NotificationSentEvent(notificationId, "sender-1", recipientId, category, Priority.NORMAL, channels,
                                         skipped, "Title " + notificationId, "Body " + notificationId,
                                         Map.of("ref", notificationId, "n", 1), sendAt,
                                         new ContactPoints("r@example.com", null, null, null, "en", "UTC"),
                                         "fingerprint-" + notificationId);
    }
}

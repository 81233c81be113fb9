package dev.herald.api.throttle;

import java.time.Duration;

/**
 * A send passed the recipient's throttle of this key; the event's timestamp is when. The limit and window are the
 * send's, as it named them.
 */
public record ThrottlePassedEvent(String recipientId, String key, String notificationId, int limit,
                                  Duration window) {
}

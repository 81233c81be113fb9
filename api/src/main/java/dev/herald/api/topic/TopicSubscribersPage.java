package dev.herald.api.topic;

import java.util.List;

/**
 * Subscribers in ascending recipient id order; {@code next} is the cursor of the following page (the last id
 * here), null when this page is the last.
 */
public record TopicSubscribersPage(String topic, List<String> recipientIds, String next) {
}

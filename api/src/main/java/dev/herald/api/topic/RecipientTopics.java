package dev.herald.api.topic;

import java.util.List;

/** The topics a recipient is subscribed to, in key order. */
public record RecipientTopics(String recipientId, List<String> topics) {
}

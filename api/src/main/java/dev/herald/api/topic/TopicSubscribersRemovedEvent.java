package dev.herald.api.topic;

import java.util.List;

/** These recipients are no longer subscribed to the topic; readers apply it as a set difference. */
public record TopicSubscribersRemovedEvent(String topic, List<String> recipientIds) {
}

package dev.herald.api.topic;

import java.util.List;

/**
 * These recipients are subscribed to the topic (whether or not some already were): readers apply it as a set union,
 * so the topic's aggregate keeps no per-subscriber state and a topic of two million subscribers is about two
 * thousand of these events.
 */
public record TopicSubscribersAddedEvent(String topic, List<String> recipientIds) {
}

package dev.herald.api.topic;

/**
 * A page of a topic's subscribers in ascending recipient id order, those after {@code after} (null: from the
 * first). Answered with a {@link TopicSubscribersPage}.
 */
public record FindTopicSubscribersQuery(String topic, String after, int limit) {
}

package dev.herald.api.topic;

/** The topics a recipient is subscribed to, answered with {@link RecipientTopics}. */
public record FindRecipientTopicsQuery(String recipientId) {
}

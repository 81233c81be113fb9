package dev.herald.api.inbox;

/** The categories and channels a recipient opted out of. Answered with {@link RecipientSubscriptions}. */
public record FindSubscriptionsQuery(String recipientId) {
}

package dev.herald.api.inbox;

/** A recipient's unread and total counts. Answered with an {@link UnreadCount}. */
public record FindUnreadCountQuery(String recipientId) {
}

package dev.herald.api.inbox;

/**
 * A subscription query for a recipient's {@link UnreadCount}: the initial result is the current count, each update
 * the count after a live change to the inbox (the same count may come twice).
 */
public record WatchUnreadCountQuery(String recipientId) {
}

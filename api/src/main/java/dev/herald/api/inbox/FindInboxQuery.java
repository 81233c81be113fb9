package dev.herald.api.inbox;

/**
 * A page of a recipient's inbox, newest first, without archived items. Answered with an {@link InboxPage}.
 *
 * @param cursor null for the first page, else the {@code nextCursor} of the previous page
 */
public record FindInboxQuery(String recipientId, int limit, String cursor) {
}

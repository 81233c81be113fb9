package dev.herald.api.inbox;

/**
 * A page of a recipient's inbox, newest first. Answered with an {@link InboxPage}.
 *
 * @param cursor     null for the first page, else the {@code nextCursor} of the previous page (asked with the same
 *                   filters)
 * @param unreadOnly only unread notifications
 * @param category   only notifications of this category; null for every category
 * @param archived   false for the inbox itself (archived notifications left out), true for the archived ones only
 */
public record FindInboxQuery(String recipientId, int limit, String cursor, boolean unreadOnly, String category,
                             boolean archived) {

    /** The inbox without filters. */
    public FindInboxQuery(String recipientId, int limit, String cursor) {
        this(recipientId, limit, cursor, false, null, false);
    }
}

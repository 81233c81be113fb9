package dev.herald.api.inbox;

/**
 * The notifications that reached a recipient's inbox after a position, oldest first, archived ones included: what
 * a stream client missed. Answered with {@link InboxItemsSince}.
 *
 * @param afterPosition an {@link InboxItem#position()} (0 for everything)
 * @param limit         at most this many items; the caller asks again after the last one for more
 */
public record FindInboxItemsSinceQuery(String recipientId, long afterPosition, int limit) {
}

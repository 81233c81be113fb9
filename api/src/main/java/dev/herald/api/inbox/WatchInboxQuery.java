package dev.herald.api.inbox;

/**
 * A subscription query for the items that reach a recipient's inbox. Its initial result is an
 * {@link InboxItemsSince} (the items after {@code afterPosition}, none when it is null); each update is the
 * {@link InboxItem} just placed. Updates are emitted by whichever node runs the inbox projection, after the item is
 * stored, and only for live events (never during a replay); a repeat of an item is possible, so subscribers drop
 * positions they have seen.
 *
 * @param afterPosition null to ask only for the newest position
 */
public record WatchInboxQuery(String recipientId, Long afterPosition, int limit) {
}

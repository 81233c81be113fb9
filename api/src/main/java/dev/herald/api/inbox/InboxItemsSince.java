package dev.herald.api.inbox;

import java.util.List;

/**
 * Items in the order they reached the inbox, and the position of the newest item in the inbox (0 when empty): when
 * the last item's position is below it, more items follow.
 */
public record InboxItemsSince(List<InboxItem> items, long newestPosition) {
}

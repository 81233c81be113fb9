package dev.herald.api.inbox;

import java.util.List;

/** A page of inbox items; {@code nextCursor} is null on the last page. */
public record InboxPage(List<InboxItem> items, String nextCursor) {
}

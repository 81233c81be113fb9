package dev.herald.query.web;

import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxPage;
import dev.herald.query.inbox.InboxCursor;
import java.util.List;

/** A page of the inbox as a GraphQL (Relay) connection. */
record NotificationConnection(List<Edge> edges, PageInfo pageInfo) {

    static NotificationConnection of(InboxPage page, boolean afterACursor) {
        List<Edge> edges = page.items().stream()
                .map(item -> new Edge(InboxCursor.after(item.position()).encode(), item))
                .toList();
        String start = edges.isEmpty() ? null : edges.get(0).cursor();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new NotificationConnection(edges, new PageInfo(page.nextCursor() != null, afterACursor, start, end));
    }

    record Edge(String cursor, InboxItem node) {
    }

    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }
}

package dev.herald.query.live;

import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.WatchInboxQuery;
import dev.herald.api.inbox.WatchUnreadCountQuery;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/** Emits inbox updates to the subscription queries this node's query bus knows (and, on Axon Server, routes). */
public final class QueryEmitterInboxUpdates implements InboxUpdates {

    private final QueryUpdateEmitter emitter;

    public QueryEmitterInboxUpdates(QueryUpdateEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void itemPlaced(String recipientId, InboxItem item) {
        emitter.emit(WatchInboxQuery.class, query -> recipientId.equals(query.recipientId()), item);
    }

    @Override
    public void countChanged(String recipientId, UnreadCount count) {
        emitter.emit(WatchUnreadCountQuery.class, query -> recipientId.equals(query.recipientId()), count);
    }
}

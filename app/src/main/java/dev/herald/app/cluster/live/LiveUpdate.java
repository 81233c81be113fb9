package dev.herald.app.cluster.live;

import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.query.live.InboxUpdates;

/** One inbox update as the feed carries it between nodes: what {@code InboxUpdates} was told, and for whom. */
sealed interface LiveUpdate {

    String recipientId();

    /** Tells {@code updates} what this update told the node that projected it. */
    void tell(InboxUpdates updates);

    record ItemPlaced(String recipientId, InboxItem item) implements LiveUpdate {

        @Override
        public void tell(InboxUpdates updates) {
            updates.itemPlaced(recipientId, item);
        }
    }

    record CountChanged(String recipientId, UnreadCount count) implements LiveUpdate {

        @Override
        public void tell(InboxUpdates updates) {
            updates.countChanged(recipientId, count);
        }
    }
}

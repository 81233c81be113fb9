package dev.herald.query.live;

import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;

/**
 * Where the inbox projection announces what a committed batch changed, so that the recipients' live subscriptions
 * ({@code WatchInboxQuery}, {@code WatchUnreadCountQuery}) hear of it. The projection names the recipient; how the
 * news reaches the subscribers is the implementation's business: on one node, or with Axon Server routing
 * subscription queries, Axon's {@code QueryUpdateEmitter} is enough ({@link QueryEmitterInboxUpdates}); a cluster
 * without Axon Server needs every node to hear what any node projected.
 */
public interface InboxUpdates {

    /** A notification has reached the recipient's inbox, at the item's position. */
    void itemPlaced(String recipientId, InboxItem item);

    /** The recipient's counts after a change. */
    void countChanged(String recipientId, UnreadCount count);
}

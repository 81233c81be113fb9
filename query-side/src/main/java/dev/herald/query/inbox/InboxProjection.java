package dev.herald.query.inbox;

import dev.herald.api.Channel;
import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.FindUnreadCountQuery;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.query.StoredTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Each recipient's inbox and unread counter, built so that every read and write is a lookup by {@code _id}:
 * <ul>
 *   <li>{@value #HEADS}: {@code _id} = recipient id, the counts of every bucket and their sums;</li>
 *   <li>{@value #BUCKETS}: {@code _id} = recipient id + "#" + bucket number, up to {@value #BUCKET_CAPACITY}
 *       entries in arrival order;</li>
 *   <li>{@value #LOCATORS}: {@code _id} = notification id, which bucket holds it;</li>
 *   <li>{@value #PENDING}: {@code _id} = notification id, a scheduled notification until it is released.</li>
 * </ul>
 * Each event is written in the order locator, bucket, head, and every step first checks what is already there, so
 * an event applied again, after a crash between two writes or as part of a retried batch, ends in the same
 * documents. The processor must sequence these events by recipient (see {@code RecipientSequencingPolicy}): the
 * handlers read, change and replace a recipient's documents and assume no one else writes them meanwhile.
 */
@Component
@ProcessingGroup(InboxProjection.PROCESSING_GROUP)
public class InboxProjection {

    public static final String PROCESSING_GROUP = "inbox";
    public static final String HEADS = "inbox_heads";
    public static final String BUCKETS = "inbox_buckets";
    public static final String LOCATORS = "inbox_locators";
    public static final String PENDING = "inbox_pending";
    public static final int MAX_LIMIT = 100;
    static final int BUCKET_CAPACITY = 50;

    private final MongoOperations mongo;

    public InboxProjection(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(NotificationSentEvent event, @Timestamp Instant at) {
        if (event.requestedChannels() == null || !event.requestedChannels().contains(Channel.IN_APP)
                || event.skippedChannels() != null && event.skippedChannels().containsKey(Channel.IN_APP)) {
            return;
        }
        String dataJson = InboxData.write(event.data());
        if (event.sendAt() == null) {
            place(event.recipientId(), new InboxEntry(event.notificationId(), event.category(), event.priority(),
                                                      event.title(), event.body(), dataJson, false, false,
                                                      StoredTime.of(at)));
            return;
        }
        // Once released (a locator exists) or already pending with flags set, a repeat must not recreate it.
        if (locator(event.notificationId()) == null && pending(event.notificationId()) == null) {
            mongo.save(new PendingInboxEntry(event.notificationId(), event.recipientId(), event.category(),
                                             event.priority(), event.title(), event.body(), dataJson, false, false),
                       PENDING);
        }
    }

    /** A released notification appears at the time of its release: that is when it reaches the inbox. */
    @EventHandler
    void on(NotificationReleasedEvent event, @Timestamp Instant at) {
        PendingInboxEntry pending = pending(event.notificationId());
        if (pending == null) {
            return;
        }
        place(pending.recipientId(), pending.releasedAt(StoredTime.of(at)));
        // Last, so that a crash before it leaves the pending entry for the repeat to place again.
        remove(pending.notificationId(), PENDING);
    }

    @EventHandler
    void on(NotificationCancelledEvent event) {
        remove(event.notificationId(), PENDING);
    }

    @EventHandler
    void on(NotificationReadEvent event) {
        change(event.notificationId(), InboxChange.READ);
    }

    @EventHandler
    void on(NotificationUnreadEvent event) {
        change(event.notificationId(), InboxChange.UNREAD);
    }

    @EventHandler
    void on(NotificationArchivedEvent event) {
        change(event.notificationId(), InboxChange.ARCHIVE);
    }

    @ResetHandler
    void reset() {
        List.of(HEADS, BUCKETS, LOCATORS, PENDING).forEach(mongo::dropCollection);
    }

    /**
     * Newest first, archived entries left out. Reads the head and then only the buckets that hold a visible
     * entry, newest bucket first.
     *
     * @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a cursor this API did not make
     */
    @QueryHandler
    InboxPage handle(FindInboxQuery query) {
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        InboxCursor from = query.cursor() == null ? null : InboxCursor.decode(query.cursor());
        InboxHead head = mongo.findById(query.recipientId(), InboxHead.class, HEADS);
        if (head == null) {
            return new InboxPage(List.of(), null);
        }
        List<InboxItem> items = new ArrayList<>(query.limit());
        List<BucketCounts> buckets = head.buckets();
        for (int b = buckets.size() - 1; b >= 0; b--) {
            BucketCounts counts = buckets.get(b);
            if (from != null && counts.bucket() > from.bucket() || counts.total() == 0) {
                continue;
            }
            List<InboxEntry> entries = bucket(query.recipientId(), counts.bucket()).entries();
            int end = from != null && counts.bucket() == from.bucket()
                    ? Math.min(from.index(), entries.size()) : entries.size();
            for (int i = end - 1; i >= 0; i--) {
                InboxEntry entry = entries.get(i);
                if (entry.archived()) {
                    continue;
                }
                items.add(entry.toItem());
                if (items.size() == query.limit()) {
                    boolean more = entries.subList(0, i).stream().anyMatch(older -> !older.archived())
                            || buckets.subList(0, b).stream().anyMatch(older -> older.total() > 0);
                    return new InboxPage(items, more ? new InboxCursor(counts.bucket(), i).encode() : null);
                }
            }
        }
        return new InboxPage(items, null);
    }

    @QueryHandler
    UnreadCount handle(FindUnreadCountQuery query) {
        InboxHead head = mongo.findById(query.recipientId(), InboxHead.class, HEADS);
        return head == null ? new UnreadCount(0, 0) : head.unreadCount();
    }

    private void place(String recipientId, InboxEntry entry) {
        InboxHead head = head(recipientId);
        InboxLocator locator = locator(entry.notificationId());
        if (locator == null) {
            locator = new InboxLocator(entry.notificationId(), recipientId, head.bucketForNewEntry(BUCKET_CAPACITY));
            mongo.save(locator, LOCATORS);
        }
        InboxBucket bucket = bucket(recipientId, locator.bucket());
        if (!bucket.contains(entry.notificationId())) {
            bucket = bucket.append(entry);
            mongo.save(bucket, BUCKETS);
        }
        saveCounts(head, bucket);
    }

    private void change(String notificationId, InboxChange change) {
        InboxLocator locator = locator(notificationId);
        if (locator == null) {
            PendingInboxEntry pending = pending(notificationId);
            if (pending != null) {
                PendingInboxEntry changed = pending.apply(change);
                if (!changed.equals(pending)) {
                    mongo.save(changed, PENDING);
                }
            }
            return;
        }
        InboxBucket bucket = bucket(locator.recipientId(), locator.bucket());
        InboxBucket changed = bucket.apply(notificationId, change);
        if (!changed.equals(bucket)) {
            mongo.save(changed, BUCKETS);
        }
        saveCounts(head(locator.recipientId()), changed);
    }

    /** Always runs, even when the bucket did not change: a repeat after a crash must still repair the head. */
    private void saveCounts(InboxHead head, InboxBucket bucket) {
        InboxHead updated = head.with(bucket.counts());
        if (!updated.equals(head)) {
            mongo.save(updated, HEADS);
        }
    }

    private InboxHead head(String recipientId) {
        InboxHead head = mongo.findById(recipientId, InboxHead.class, HEADS);
        return head == null ? InboxHead.empty(recipientId) : head;
    }

    private InboxBucket bucket(String recipientId, int bucketNo) {
        InboxBucket bucket = mongo.findById(InboxBucket.idOf(recipientId, bucketNo), InboxBucket.class, BUCKETS);
        return bucket == null ? InboxBucket.empty(recipientId, bucketNo) : bucket;
    }

    private InboxLocator locator(String notificationId) {
        return mongo.findById(notificationId, InboxLocator.class, LOCATORS);
    }

    private PendingInboxEntry pending(String notificationId) {
        return mongo.findById(notificationId, PendingInboxEntry.class, PENDING);
    }

    private void remove(String id, String collection) {
        mongo.remove(Query.query(Criteria.where("_id").is(id)), collection);
    }
}

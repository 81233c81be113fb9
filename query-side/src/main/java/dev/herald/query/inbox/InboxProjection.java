package dev.herald.query.inbox;

import dev.herald.api.Channel;
import dev.herald.api.inbox.FindInboxItemQuery;
import dev.herald.api.inbox.FindInboxItemsSinceQuery;
import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.FindUnreadCountQuery;
import dev.herald.api.inbox.FindUnreadNotificationIdsQuery;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxItemsSince;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.UnreadNotificationIds;
import dev.herald.api.inbox.WatchInboxQuery;
import dev.herald.api.inbox.WatchUnreadCountQuery;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.query.StoredTime;
import dev.herald.query.live.InboxUpdates;
import dev.herald.query.projection.EventBatches;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * Each recipient's inbox and unread counters, built so that every read and write is a lookup by {@code _id}:
 * <ul>
 *   <li>{@value #HEADS}: {@code _id} = recipient id, the counts of every bucket (in all and per category) and their
 *       sums;</li>
 *   <li>{@value #BUCKETS}: {@code _id} = recipient id + "#" + bucket number, up to {@value #BUCKET_CAPACITY}
 *       entries in arrival order;</li>
 *   <li>{@value #LOCATORS}: {@code _id} = notification id, which bucket holds it;</li>
 *   <li>{@value #PENDING}: {@code _id} = notification id, a scheduled notification until it is released.</li>
 * </ul>
 * A batch of events (the processor's unit of work) reads the documents it touches once, a collection in one query
 * by {@code _id}, changes them in memory and writes them as the batch commits, one write per collection in the
 * order locators, buckets, heads, pending entries (see {@link InboxBatch}); an event handled outside a unit of work
 * is such a batch of one. Every step first checks what is already there, so an event or a batch applied again,
 * after a crash between two writes or as a retried batch, ends in the same documents. The processor must sequence
 * these events by recipient (see {@code RecipientSequencingPolicy}): the handlers read, change and replace a
 * recipient's documents and assume no one else writes them meanwhile.
 *
 * <p>The collections are versioned (see {@link ProjectionVersions}): a replay fills a new set while queries read the
 * old one. Live events, never replayed ones, also record the IN_APP outcome of a placed notification once it is
 * written, and emit subscription-query updates (the new item, the new counts) after the batch commits.
 */
@Component
@ProcessingGroup(InboxProjection.PROCESSING_GROUP)
public class InboxProjection {

    public static final String PROCESSING_GROUP = "inbox";
    public static final String HEADS = "inbox_heads";
    public static final String BUCKETS = "inbox_buckets";
    public static final String LOCATORS = "inbox_locators";
    public static final String PENDING = "inbox_pending";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(HEADS, BUCKETS, LOCATORS, PENDING));
    public static final int MAX_LIMIT = 100;
    static final int BUCKET_CAPACITY = 50;
    private static final String BATCH_RESOURCE = InboxProjection.class.getName() + ".batch";

    private final MongoOperations mongo;
    private final ProjectionVersions versions;
    private final InboxUpdates updates;
    private final InAppDeliveries inApp;

    public InboxProjection(MongoOperations mongo, ProjectionVersions versions, InboxUpdates updates,
                           InAppDeliveries inApp) {
        this.mongo = mongo;
        this.versions = versions;
        this.updates = updates;
        this.inApp = inApp;
    }

    @EventHandler
    void on(NotificationSentEvent event, @Timestamp Instant at, ReplayStatus replay) {
        if (event.requestedChannels() == null || !event.requestedChannels().contains(Channel.IN_APP)
                || event.skippedChannels() != null && event.skippedChannels().containsKey(Channel.IN_APP)) {
            return;
        }
        String dataJson = InboxData.write(event.data());
        write(batch -> {
            if (event.sendAt() == null) {
                announce(batch, place(batch, event.recipientId(), new InboxEntry(
                        event.notificationId(), event.category(), event.priority(), event.title(), event.body(),
                        dataJson, false, false, StoredTime.of(at))), replay);
                return;
            }
            // Once released (a locator exists) or already pending with flags set, a repeat must not recreate it.
            String id = event.notificationId();
            if (batch.locators().find(id) == null && batch.pending().find(id) == null) {
                batch.pending().save(new PendingInboxEntry(
                        event.notificationId(), event.recipientId(), event.category(), event.priority(),
                        event.title(), event.body(), dataJson, false, false));
            }
        });
    }

    /** A released notification appears at the time of its release: that is when it reaches the inbox. */
    @EventHandler
    void on(NotificationReleasedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        write(batch -> {
            PendingInboxEntry pending = batch.pending().find(event.notificationId());
            if (pending != null) {
                Placed placed = place(batch, pending.recipientId(), pending.releasedAt(StoredTime.of(at)));
                // Written after the placement, so that a failure before it leaves the entry for a repeat to place.
                batch.pending().remove(pending.notificationId());
                announce(batch, placed, replay);
            } else if (replay == ReplayStatus.REGULAR) {
                // A repeat of a batch that placed it but failed before committing: its IN_APP outcome may be missing.
                placedEarlier(batch, event.notificationId()).ifPresent(placed -> announce(batch, placed, replay));
            }
        });
    }

    @EventHandler
    void on(NotificationCancelledEvent event) {
        write(batch -> batch.pending().remove(event.notificationId()));
    }

    @EventHandler
    void on(NotificationReadEvent event, ReplayStatus replay) {
        change(event.notificationId(), InboxChange.READ, replay);
    }

    @EventHandler
    void on(NotificationUnreadEvent event, ReplayStatus replay) {
        change(event.notificationId(), InboxChange.UNREAD, replay);
    }

    @EventHandler
    void on(NotificationArchivedEvent event, ReplayStatus replay) {
        change(event.notificationId(), InboxChange.ARCHIVE, replay);
    }

    /** A reset starts a new version of the read model; the current one keeps answering until it is complete. */
    @ResetHandler
    void reset() {
        versions.beginBuild(DEFINITION);
    }

    /**
     * Newest first, filtered. Reads the head and then only the buckets that hold a matching entry, newest bucket
     * first.
     *
     * @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a cursor this API did not make
     */
    @QueryHandler
    InboxPage handle(FindInboxQuery query) {
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        InboxCursor from = query.cursor() == null ? null : InboxCursor.decode(query.cursor());
        InboxFilter filter = InboxFilter.of(query);
        InboxCollections collections = serving();
        InboxHead head = mongo.findById(query.recipientId(), InboxHead.class, collections.heads());
        if (head == null) {
            return new InboxPage(List.of(), null);
        }
        List<InboxItem> items = new ArrayList<>(query.limit());
        List<BucketCounts> buckets = head.buckets();
        for (int b = buckets.size() - 1; b >= 0; b--) {
            BucketCounts counts = buckets.get(b);
            if (from != null && counts.bucket() > from.bucket() || !filter.mayMatch(counts)) {
                continue;
            }
            InboxBucket bucket = bucket(collections, query.recipientId(), counts.bucket());
            List<InboxEntry> entries = bucket.entries();
            int end = from != null && counts.bucket() == from.bucket()
                    ? Math.min(from.index(), entries.size()) : entries.size();
            for (int i = end - 1; i >= 0; i--) {
                InboxEntry entry = entries.get(i);
                if (!filter.matches(entry)) {
                    continue;
                }
                items.add(entry.toItem(bucket.position(i)));
                if (items.size() == query.limit()) {
                    boolean more = entries.subList(0, i).stream().anyMatch(filter::matches)
                            || buckets.subList(0, b).stream().anyMatch(filter::mayMatch);
                    return new InboxPage(items, more ? new InboxCursor(counts.bucket(), i).encode() : null);
                }
            }
        }
        return new InboxPage(items, null);
    }

    @QueryHandler
    UnreadCount handle(FindUnreadCountQuery query) {
        return unreadCount(query.recipientId());
    }

    /** The initial result of the subscription; the updates come from the event handlers. */
    @QueryHandler
    UnreadCount handle(WatchUnreadCountQuery query) {
        return unreadCount(query.recipientId());
    }

    @QueryHandler
    Optional<InboxItem> handle(FindInboxItemQuery query) {
        InboxCollections collections = serving();
        InboxLocator locator = locator(collections, query.notificationId());
        if (locator == null || !locator.recipientId().equals(query.recipientId())) {
            return Optional.empty();
        }
        InboxBucket bucket = bucket(collections, locator.recipientId(), locator.bucket());
        int index = bucket.indexOf(query.notificationId());
        return index < 0 ? Optional.empty() : Optional.of(bucket.entries().get(index).toItem(bucket.position(index)));
    }

    /** Reads only the buckets whose counts say they hold an unread entry of the category. */
    @QueryHandler
    UnreadNotificationIds handle(FindUnreadNotificationIdsQuery query) {
        InboxCollections collections = serving();
        InboxHead head = mongo.findById(query.recipientId(), InboxHead.class, collections.heads());
        if (head == null) {
            return new UnreadNotificationIds(List.of());
        }
        InboxFilter filter = InboxFilter.unread(query.category());
        List<String> ids = new ArrayList<>();
        for (int b = head.buckets().size() - 1; b >= 0; b--) {
            BucketCounts counts = head.buckets().get(b);
            if (!filter.mayMatch(counts)) {
                continue;
            }
            List<InboxEntry> entries = bucket(collections, query.recipientId(), counts.bucket()).entries();
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (filter.matches(entries.get(i))) {
                    ids.add(entries.get(i).notificationId());
                }
            }
        }
        return new UnreadNotificationIds(ids);
    }

    /**
     * @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a negative position
     */
    @QueryHandler
    InboxItemsSince handle(FindInboxItemsSinceQuery query) {
        return itemsSince(query.recipientId(), query.afterPosition(), query.limit());
    }

    /** The initial result of the subscription: what the subscriber missed, or only the newest position. */
    @QueryHandler
    InboxItemsSince handle(WatchInboxQuery query) {
        if (query.afterPosition() == null) {
            InboxHead head = mongo.findById(query.recipientId(), InboxHead.class, serving().heads());
            return new InboxItemsSince(List.of(), head == null ? 0 : head.newestPosition());
        }
        return itemsSince(query.recipientId(), query.afterPosition(), query.limit());
    }

    private InboxItemsSince itemsSince(String recipientId, long afterPosition, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (afterPosition < 0) {
            throw new IllegalArgumentException("position must not be negative");
        }
        InboxCollections collections = serving();
        InboxHead head = mongo.findById(recipientId, InboxHead.class, collections.heads());
        long newest = head == null ? 0 : head.newestPosition();
        List<InboxItem> items = new ArrayList<>();
        if (afterPosition >= newest) {
            return new InboxItemsSince(items, newest);
        }
        InboxPosition first = InboxPosition.of(afterPosition + 1);
        for (int b = first.bucket(); items.size() < limit; b++) {
            InboxBucket bucket = bucket(collections, recipientId, b);
            if (bucket.entries().isEmpty()) {
                break;
            }
            for (int i = b == first.bucket() ? first.index() : 0; i < bucket.entries().size() && items.size() < limit;
                 i++) {
                items.add(bucket.entries().get(i).toItem(bucket.position(i)));
            }
        }
        return new InboxItemsSince(items, newest);
    }

    private UnreadCount unreadCount(String recipientId) {
        InboxHead head = mongo.findById(recipientId, InboxHead.class, serving().heads());
        return head == null ? new UnreadCount(0, 0) : head.unreadCount();
    }

    private Placed place(InboxBatch batch, String recipientId, InboxEntry entry) {
        InboxHead head = head(batch, recipientId);
        InboxLocator locator = batch.locators().find(entry.notificationId());
        if (locator == null) {
            locator = new InboxLocator(entry.notificationId(), recipientId, head.bucketForNewEntry(BUCKET_CAPACITY));
            batch.locators().save(locator);
        }
        InboxBucket bucket = bucket(batch, recipientId, locator.bucket());
        int index = bucket.indexOf(entry.notificationId());
        if (index < 0) {
            bucket = bucket.append(entry);
            batch.buckets().save(bucket);
            index = bucket.entries().size() - 1;
        }
        InboxHead counted = saveCounts(batch, head, bucket);
        return new Placed(recipientId, bucket.entries().get(index).toItem(bucket.position(index)), counted);
    }

    private Optional<Placed> placedEarlier(InboxBatch batch, String notificationId) {
        InboxLocator locator = batch.locators().find(notificationId);
        if (locator == null) {
            return Optional.empty();
        }
        InboxBucket bucket = bucket(batch, locator.recipientId(), locator.bucket());
        int index = bucket.indexOf(notificationId);
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of(new Placed(locator.recipientId(), bucket.entries().get(index).toItem(bucket.position(index)),
                                      head(batch, locator.recipientId())));
    }

    private void change(String notificationId, InboxChange change, ReplayStatus replay) {
        write(batch -> {
            InboxLocator locator = batch.locators().find(notificationId);
            if (locator == null) {
                PendingInboxEntry pending = batch.pending().find(notificationId);
                PendingInboxEntry changed = pending == null ? null : pending.apply(change);
                if (changed != null && !changed.equals(pending)) {
                    batch.pending().save(changed);
                }
                return;
            }
            InboxBucket bucket = bucket(batch, locator.recipientId(), locator.bucket());
            InboxBucket changed = bucket.apply(notificationId, change);
            if (!changed.equals(bucket)) {
                batch.buckets().save(changed);
            }
            InboxHead counted = saveCounts(batch, head(batch, locator.recipientId()), changed);
            if (replay == ReplayStatus.REGULAR) {
                batch.emitAfterWrite(() -> emitCount(counted));
            }
        });
    }

    /** Only for live events: a replay neither re-records deliveries nor streams old items as new. */
    private void announce(InboxBatch batch, Placed placed, ReplayStatus replay) {
        if (replay == ReplayStatus.REPLAY) {
            return;
        }
        batch.placed(placed.item().id());
        String recipientId = placed.recipientId();
        batch.emitAfterWrite(() -> {
            updates.itemPlaced(recipientId, placed.item());
            emitCount(placed.head());
        });
    }

    private void emitCount(InboxHead head) {
        updates.countChanged(head.recipientId(), head.unreadCount());
    }

    /** Always runs, even when the bucket did not change: a repeat after a failed write must still repair the head. */
    private InboxHead saveCounts(InboxBatch batch, InboxHead head, InboxBucket bucket) {
        InboxHead updated = head.with(bucket.counts());
        if (!updated.equals(head)) {
            batch.heads().save(updated);
        }
        return updated;
    }

    /**
     * Applies an event to the documents of the batch being handled, which were read at once and are written as it
     * commits, else to those of this event alone, written at once.
     */
    private void write(Consumer<InboxBatch> change) {
        InboxBatch batch = EventBatches.current(BATCH_RESOURCE, InboxBatch.HANDLED_EVENTS, events -> {
            InboxBatch created = new InboxBatch(mongo, writing(), true);
            created.prefetch(events);
            return created;
        }, created -> created.write(inApp));
        if (batch != null) {
            change.accept(batch);
            return;
        }
        InboxBatch single = new InboxBatch(mongo, writing(), false);
        change.accept(single);
        single.write(inApp);
    }

    private InboxCollections writing() {
        return InboxCollections.of(versions.writeVersion(PROCESSING_GROUP));
    }

    private InboxCollections serving() {
        return InboxCollections.of(versions.servingVersion(PROCESSING_GROUP));
    }

    private static InboxHead head(InboxBatch batch, String recipientId) {
        InboxHead head = batch.heads().find(recipientId);
        return head == null ? InboxHead.empty(recipientId) : head;
    }

    private static InboxBucket bucket(InboxBatch batch, String recipientId, int bucketNo) {
        InboxBucket bucket = batch.buckets().find(InboxBucket.idOf(recipientId, bucketNo));
        return bucket == null ? InboxBucket.empty(recipientId, bucketNo) : bucket;
    }

    private InboxBucket bucket(InboxCollections collections, String recipientId, int bucketNo) {
        InboxBucket bucket = mongo.findById(InboxBucket.idOf(recipientId, bucketNo), InboxBucket.class,
                                            collections.buckets());
        return bucket == null ? InboxBucket.empty(recipientId, bucketNo) : bucket;
    }

    private InboxLocator locator(InboxCollections collections, String notificationId) {
        return mongo.findById(notificationId, InboxLocator.class, collections.locators());
    }

    /** A notification in its inbox, as placed, and the head after placing it. */
    private record Placed(String recipientId, InboxItem item, InboxHead head) {
    }
}

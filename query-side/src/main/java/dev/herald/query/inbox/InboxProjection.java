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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Each recipient's inbox and counters. This class decides what an event changes; an {@link InboxStore} decides how
 * it is kept (SQLite on the embedded profile, MongoDB on the others). A batch of events (the processor's unit of
 * work) reads what it touches once, changes it in memory and hands the store its net effect as the batch ends (see
 * {@link InboxBatch}); an event handled outside a unit of work is such a batch of one. Every step first checks what
 * is already there, so an event applied again changes nothing. The processor must sequence these events by
 * recipient (see {@code RecipientSequencingPolicy}): positions are numbered per recipient, and the counters of a
 * recipient are changed by one thread at a time.
 *
 * <p>The read model is versioned (see {@link ProjectionVersions}): a replay fills a new version while queries read
 * the old one. Live events, never replayed ones, announce the new item and counts through {@link InboxUpdates} after
 * the batch commits. A placed item is also its notification's IN_APP outcome: the status query reads it from here
 * (see {@code NotificationStatusProjection}), so placing one sends no command.
 */
@Component
@ProcessingGroup(InboxProjection.PROCESSING_GROUP)
public class InboxProjection {

    public static final String PROCESSING_GROUP = "inbox";
    public static final String ITEMS = "inbox_items";
    public static final String COUNTS = "inbox_counts";
    public static final String PENDING = "inbox_pending";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(ITEMS, COUNTS, PENDING));
    public static final int MAX_LIMIT = 100;
    private static final String BATCH_RESOURCE = InboxProjection.class.getName() + ".batch";

    private final InboxStore store;
    private final ProjectionVersions versions;
    private final InboxUpdates updates;

    public InboxProjection(InboxStore store, ProjectionVersions versions, InboxUpdates updates) {
        this.store = store;
        this.versions = versions;
        this.updates = updates;
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
                announce(batch, batch.place(new InboxEntry(
                        event.notificationId(), event.recipientId(), 0, event.category(), event.priority(),
                        event.title(), event.body(), dataJson, false, false, StoredTime.of(at),
                        event.template())), replay);
                return;
            }
            // Once released (placed) or already pending with flags set, a repeat must not recreate it.
            String id = event.notificationId();
            if (batch.entry(id) == null && batch.pending(id) == null) {
                batch.savePending(new PendingInboxEntry(
                        event.notificationId(), event.recipientId(), event.category(), event.priority(),
                        event.title(), event.body(), dataJson, false, false, event.template()));
            }
        });
    }

    /** A released notification appears at the time of its release: that is when it reaches the inbox. */
    @EventHandler
    void on(NotificationReleasedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        write(batch -> {
            PendingInboxEntry pending = batch.pending(event.notificationId());
            if (pending != null) {
                InboxEntry placed = batch.place(pending.releasedAt(0, StoredTime.of(at)));
                batch.removePending(pending.notificationId());
                announce(batch, placed, replay);
            }
        });
    }

    @EventHandler
    void on(NotificationCancelledEvent event) {
        write(batch -> {
            if (batch.pending(event.notificationId()) != null) {
                batch.removePending(event.notificationId());
            }
        });
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
     * Newest first, filtered.
     *
     * @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a cursor this API did not make
     */
    @QueryHandler
    InboxPage handle(FindInboxQuery query) {
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        long before = query.cursor() == null ? Long.MAX_VALUE : InboxCursor.decode(query.cursor()).beforePosition();
        List<InboxEntry> found = store.newestFirst(serving(), query.recipientId(), InboxFilter.of(query), before,
                                                   query.limit() + 1);
        boolean more = found.size() > query.limit();
        List<InboxEntry> page = more ? found.subList(0, query.limit()) : found;
        String cursor = more ? new InboxCursor(page.get(page.size() - 1).position()).encode() : null;
        return new InboxPage(page.stream().map(InboxEntry::toItem).toList(), cursor);
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
        return store.findEntry(serving(), query.notificationId())
                .filter(entry -> entry.recipientId().equals(query.recipientId()))
                .map(InboxEntry::toItem);
    }

    @QueryHandler
    UnreadNotificationIds handle(FindUnreadNotificationIdsQuery query) {
        List<InboxEntry> unread = store.newestFirst(serving(), query.recipientId(),
                                                    InboxFilter.unread(query.category()), Long.MAX_VALUE,
                                                    Integer.MAX_VALUE);
        return new UnreadNotificationIds(unread.stream().map(InboxEntry::notificationId).toList());
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
            return new InboxItemsSince(List.of(), newestPosition(serving(), query.recipientId()));
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
        int version = serving();
        long newest = newestPosition(version, recipientId);
        if (afterPosition >= newest) {
            return new InboxItemsSince(List.of(), newest);
        }
        List<InboxItem> items = store.placedAfter(version, recipientId, afterPosition, limit).stream()
                .map(InboxEntry::toItem).toList();
        return new InboxItemsSince(items, newest);
    }

    private long newestPosition(int version, String recipientId) {
        return store.newestPositions(version, List.of(recipientId)).getOrDefault(recipientId, 0L);
    }

    private UnreadCount unreadCount(String recipientId) {
        return InboxBatch.toUnreadCount(store.counts(serving(), List.of(recipientId))
                                                .getOrDefault(recipientId, List.of()));
    }

    private void change(String notificationId, InboxChange change, ReplayStatus replay) {
        write(batch -> {
            InboxEntry entry = batch.entry(notificationId);
            if (entry == null) {
                PendingInboxEntry pending = batch.pending(notificationId);
                PendingInboxEntry changed = pending == null ? null : pending.apply(change);
                if (changed != null && !changed.equals(pending)) {
                    batch.savePending(changed);
                }
                return;
            }
            batch.change(entry, change);
            if (replay == ReplayStatus.REGULAR) {
                UnreadCount count = batch.unreadCount(entry.recipientId());
                batch.emitAfterWrite(() -> updates.countChanged(entry.recipientId(), count));
            }
        });
    }

    /** Only for live events: a replay does not stream old items as new. */
    private void announce(InboxBatch batch, InboxEntry placed, ReplayStatus replay) {
        if (replay == ReplayStatus.REPLAY) {
            return;
        }
        String recipientId = placed.recipientId();
        InboxItem item = placed.toItem();
        UnreadCount count = batch.unreadCount(recipientId);
        batch.emitAfterWrite(() -> {
            updates.itemPlaced(recipientId, item);
            updates.countChanged(recipientId, count);
        });
    }

    /**
     * Applies an event to the state of the batch being handled, which was read at once and is written as it
     * commits, else to that of this event alone, written at once.
     */
    private void write(Consumer<InboxBatch> change) {
        InboxBatch batch = EventBatches.current(BATCH_RESOURCE, InboxBatch.HANDLED_EVENTS, events -> {
            InboxBatch created = new InboxBatch(store, versions.writeVersion(PROCESSING_GROUP), true);
            created.prefetch(events);
            return created;
        }, InboxBatch::write);
        if (batch != null) {
            change.accept(batch);
            return;
        }
        InboxBatch single = new InboxBatch(store, versions.writeVersion(PROCESSING_GROUP), false);
        change.accept(single);
        single.write();
    }

    private int serving() {
        return versions.servingVersion(PROCESSING_GROUP);
    }
}

package dev.herald.query.inbox;

import dev.herald.api.RecipientScoped;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationScoped;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.query.projection.DocumentBatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The inbox documents that a batch of events (or a single event) reads and changes, and what to do once they are
 * written. They are written in the order locators, buckets, heads, pending entries, each collection at once: the
 * order in which a single event has always written them, so a batch applied again after a write failed part-way
 * ends in the same documents, as an event applied again does.
 */
final class InboxBatch {

    static final Set<Class<?>> HANDLED_EVENTS = Set.of(
            NotificationSentEvent.class, NotificationReleasedEvent.class, NotificationCancelledEvent.class,
            NotificationReadEvent.class, NotificationUnreadEvent.class, NotificationArchivedEvent.class);

    private final DocumentBatch<InboxHead> heads;
    private final DocumentBatch<InboxBucket> buckets;
    private final DocumentBatch<InboxLocator> locators;
    private final DocumentBatch<PendingInboxEntry> pending;
    private final List<String> placed = new ArrayList<>();
    private final List<Runnable> afterWrite = new ArrayList<>();
    private final boolean unitOfWork;

    /** @param unitOfWork whether this is the batch of a unit of work, rather than one event handled on its own */
    InboxBatch(MongoOperations mongo, InboxCollections collections, boolean unitOfWork) {
        this.unitOfWork = unitOfWork;
        heads = new DocumentBatch<>(mongo, collections.heads(), InboxHead.class, InboxHead::recipientId);
        buckets = new DocumentBatch<>(mongo, collections.buckets(), InboxBucket.class, InboxBucket::id);
        locators = new DocumentBatch<>(mongo, collections.locators(), InboxLocator.class,
                                       InboxLocator::notificationId);
        pending = new DocumentBatch<>(mongo, collections.pending(), PendingInboxEntry.class,
                                      PendingInboxEntry::notificationId);
    }

    /**
     * Reads the documents the events will touch in two rounds of one query per collection: heads and locators by
     * the events' keys, then the buckets where new entries go and those the locators point to, and the pending
     * entries of the events that may find one. Whatever a handler asks for beyond that is read on first use.
     */
    void prefetch(List<Object> events) {
        Set<String> recipientIds = new LinkedHashSet<>();
        Set<String> notificationIds = new LinkedHashSet<>();
        for (Object event : events) {
            if (event instanceof RecipientScoped scoped) {
                recipientIds.add(scoped.recipientId());
            }
            notificationIds.add(NotificationScoped.idOf(event));
        }
        heads.prefetch(recipientIds);
        locators.prefetch(notificationIds);
        Set<String> bucketIds = new LinkedHashSet<>();
        for (String recipientId : recipientIds) {
            InboxHead head = heads.find(recipientId);
            int newEntries = head == null ? 0 : head.bucketForNewEntry(InboxProjection.BUCKET_CAPACITY);
            bucketIds.add(InboxBucket.idOf(recipientId, newEntries));
        }
        Set<String> mayBePending = new LinkedHashSet<>();
        for (Object event : events) {
            String notificationId = NotificationScoped.idOf(event);
            InboxLocator locator = notificationId == null ? null : locators.find(notificationId);
            if (locator != null) {
                bucketIds.add(InboxBucket.idOf(locator.recipientId(), locator.bucket()));
            } else if (!(event instanceof NotificationSentEvent sent && sent.sendAt() == null)) {
                mayBePending.add(notificationId);
            }
        }
        buckets.prefetch(bucketIds);
        pending.prefetch(mayBePending);
    }

    DocumentBatch<InboxHead> heads() {
        return heads;
    }

    DocumentBatch<InboxBucket> buckets() {
        return buckets;
    }

    DocumentBatch<InboxLocator> locators() {
        return locators;
    }

    DocumentBatch<PendingInboxEntry> pending() {
        return pending;
    }

    /** The notification is in its inbox: its IN_APP outcome is recorded once it is written. */
    void placed(String notificationId) {
        placed.add(notificationId);
    }

    /**
     * Emits subscription-query updates once the documents they show are written. A unit of work's emitter holds
     * updates emitted while it handles its events until it committed, after the write: they are emitted at once and
     * keep their order. A single event's wait for its write here.
     */
    void emitAfterWrite(Runnable emit) {
        if (unitOfWork) {
            emit.run();
        } else {
            afterWrite.add(emit);
        }
    }

    /** Writes the changed documents, then records the IN_APP outcomes and runs what waited for the write. */
    void write(InAppDeliveries inApp) {
        locators.flush();
        buckets.flush();
        heads.flush();
        pending.flush();
        List<String> delivered = List.copyOf(placed);
        placed.clear();
        inApp.delivered(delivered);
        List<Runnable> actions = List.copyOf(afterWrite);
        afterWrite.clear();
        actions.forEach(Runnable::run);
    }
}

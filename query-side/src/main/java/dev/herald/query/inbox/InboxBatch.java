package dev.herald.query.inbox;

import dev.herald.api.RecipientScoped;
import dev.herald.api.inbox.CategoryCount;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationScoped;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationUnreadEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inbox state that a batch of events (or a single event) reads and changes, and what to do once it is written.
 * It reads what the events touch from the store at most once (all at once in {@link #prefetch}, else on first
 * use), keeps every change in memory, and hands the store the batch's net effect in one {@link InboxWrites}.
 * Counter changes are computed from each entry's state as read and as left, so a repeated event within the batch
 * (a notification read twice) changes no counter.
 */
final class InboxBatch {

    static final Set<Class<?>> HANDLED_EVENTS = Set.of(
            NotificationSentEvent.class, NotificationReleasedEvent.class, NotificationCancelledEvent.class,
            NotificationReadEvent.class, NotificationUnreadEvent.class, NotificationArchivedEvent.class);

    private final InboxStore store;
    private final int version;
    private final boolean unitOfWork;
    private final Map<String, Optional<InboxEntry>> storedEntries = new HashMap<>();
    private final Map<String, InboxEntry> entries = new LinkedHashMap<>();
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<String, Map<String, CategoryCounts>> counts = new HashMap<>();
    private final Map<String, Optional<PendingInboxEntry>> storedPending = new HashMap<>();
    private final Map<String, Optional<PendingInboxEntry>> pending = new LinkedHashMap<>();
    private final List<Runnable> afterWrite = new ArrayList<>();

    /** @param unitOfWork whether this is the batch of a unit of work, rather than one event handled on its own */
    InboxBatch(InboxStore store, int version, boolean unitOfWork) {
        this.store = store;
        this.version = version;
        this.unitOfWork = unitOfWork;
    }

    /** Reads what the events will touch: one query each for entries, newest positions, counters and pending. */
    void prefetch(List<Object> events) {
        Set<String> recipientIds = new LinkedHashSet<>();
        Set<String> notificationIds = new LinkedHashSet<>();
        for (Object event : events) {
            if (event instanceof RecipientScoped scoped && scoped.recipientId() != null) {
                recipientIds.add(scoped.recipientId());
            }
            String notificationId = NotificationScoped.idOf(event);
            if (notificationId != null) {
                notificationIds.add(notificationId);
            }
        }
        readEntries(notificationIds);
        Set<String> mayBePending = new LinkedHashSet<>();
        for (Object event : events) {
            String notificationId = NotificationScoped.idOf(event);
            if (notificationId != null && storedEntries.get(notificationId).isEmpty()
                    && !(event instanceof NotificationSentEvent sent && sent.sendAt() == null)) {
                mayBePending.add(notificationId);
            }
        }
        readPending(mayBePending);
        readRecipients(recipientIds);
    }

    /** The entry as this batch left it, or null. */
    InboxEntry entry(String notificationId) {
        InboxEntry changed = entries.get(notificationId);
        if (changed != null) {
            return changed;
        }
        readEntries(Set.of(notificationId));
        return storedEntries.get(notificationId).orElse(null);
    }

    /** Places the entry at the end of its recipient's inbox, unless it is there already; returns it as placed. */
    InboxEntry place(InboxEntry entry) {
        InboxEntry existing = entry(entry.notificationId());
        if (existing != null) {
            return existing;
        }
        String recipientId = entry.recipientId();
        readRecipients(Set.of(recipientId));
        long position = newest.get(recipientId) + 1;
        newest.put(recipientId, position);
        InboxEntry placedEntry = new InboxEntry(entry.notificationId(), recipientId, position, entry.category(),
                                                entry.priority(), entry.title(), entry.body(), entry.dataJson(),
                                                entry.read(), entry.archived(), entry.createdAt(),
                                                entry.template());
        entries.put(entry.notificationId(), placedEntry);
        count(recipientId, placedEntry.counted());
        return placedEntry;
    }

    /** Applies the change to a placed entry; false when it changed nothing. */
    boolean change(InboxEntry entry, InboxChange change) {
        InboxEntry changed = entry.apply(change);
        if (changed.equals(entry)) {
            return false;
        }
        entries.put(entry.notificationId(), changed);
        readRecipients(Set.of(entry.recipientId()));
        count(entry.recipientId(), changed.counted().minus(entry.counted()));
        return true;
    }

    PendingInboxEntry pending(String notificationId) {
        Optional<PendingInboxEntry> changed = pending.get(notificationId);
        if (changed != null) {
            return changed.orElse(null);
        }
        readPending(Set.of(notificationId));
        return storedPending.get(notificationId).orElse(null);
    }

    void savePending(PendingInboxEntry entry) {
        pending.put(entry.notificationId(), Optional.of(entry));
    }

    void removePending(String notificationId) {
        pending.put(notificationId, Optional.empty());
    }

    /** The recipient's counters as this batch leaves them, as the API shows them. */
    UnreadCount unreadCount(String recipientId) {
        readRecipients(Set.of(recipientId));
        return toUnreadCount(counts.get(recipientId).values());
    }

    static UnreadCount toUnreadCount(Iterable<CategoryCounts> categories) {
        long unread = 0;
        long total = 0;
        Map<String, CategoryCount> perCategory = new TreeMap<>();
        for (CategoryCounts count : categories) {
            unread += count.unread();
            total += count.total();
            if (count.total() > 0) {
                perCategory.put(count.category(), new CategoryCount(count.unread(), count.total()));
            }
        }
        return new UnreadCount(unread, total, perCategory);
    }

    /**
     * Emits subscription-query updates once the state they show is written. A unit of work's emitter holds updates
     * emitted while it handles its events until it committed, after the write: they are emitted at once and keep
     * their order. A single event's wait for its write here.
     */
    void emitAfterWrite(Runnable emit) {
        if (unitOfWork) {
            emit.run();
        } else {
            afterWrite.add(emit);
        }
    }

    /** Writes the batch's net effect, then runs what waited for the write. */
    void write() {
        InboxWrites writes = writes();
        if (!writes.isEmpty()) {
            store.write(version, writes);
        }
        List<Runnable> actions = List.copyOf(afterWrite);
        afterWrite.clear();
        actions.forEach(Runnable::run);
    }

    private InboxWrites writes() {
        List<InboxEntry> placedEntries = new ArrayList<>();
        List<InboxWrites.FlagChange> changed = new ArrayList<>();
        entries.forEach((notificationId, entry) -> {
            Optional<InboxEntry> before = storedEntries.get(notificationId);
            if (before == null || before.isEmpty()) {
                placedEntries.add(entry);
            } else if (!before.get().equals(entry)) {
                changed.add(new InboxWrites.FlagChange(before.get(), entry));
            }
        });
        Map<String, List<CategoryCounts>> countChanges = new LinkedHashMap<>();
        Map<String, Map<String, CategoryCounts>> changes = new LinkedHashMap<>();
        for (InboxEntry entry : placedEntries) {
            changes.computeIfAbsent(entry.recipientId(), key -> new TreeMap<>())
                    .merge(entry.category(), entry.counted(), CategoryCounts::plus);
        }
        for (InboxWrites.FlagChange change : changed) {
            changes.computeIfAbsent(change.after().recipientId(), key -> new TreeMap<>())
                    .merge(change.after().category(), change.after().counted().minus(change.before().counted()),
                           CategoryCounts::plus);
        }
        changes.forEach((recipientId, perCategory) -> {
            List<CategoryCounts> nonZero = perCategory.values().stream().filter(count -> !count.isZero()).toList();
            if (!nonZero.isEmpty()) {
                countChanges.put(recipientId, nonZero);
            }
        });
        List<PendingInboxEntry> pendingSaved = new ArrayList<>();
        Set<String> pendingGone = new LinkedHashSet<>();
        pending.forEach((notificationId, entry) -> {
            Optional<PendingInboxEntry> before = storedPending.get(notificationId);
            if (entry.isPresent() && !entry.equals(before)) {
                pendingSaved.add(entry.get());
            } else if (entry.isEmpty() && (before == null || before.isPresent())) {
                pendingGone.add(notificationId);
            }
        });
        return new InboxWrites(placedEntries, changed, countChanges, pendingSaved, pendingGone);
    }

    private void count(String recipientId, CategoryCounts change) {
        counts.get(recipientId).merge(change.category(), change, CategoryCounts::plus);
    }

    private void readEntries(Set<String> notificationIds) {
        List<String> unknown = notificationIds.stream().filter(Objects::nonNull)
                .filter(id -> !storedEntries.containsKey(id)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, InboxEntry> found = store.findEntries(version, unknown);
        unknown.forEach(id -> storedEntries.put(id, Optional.ofNullable(found.get(id))));
    }

    private void readPending(Set<String> notificationIds) {
        List<String> unknown = notificationIds.stream().filter(Objects::nonNull)
                .filter(id -> !storedPending.containsKey(id)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, PendingInboxEntry> found = store.findPending(version, unknown);
        unknown.forEach(id -> storedPending.put(id, Optional.ofNullable(found.get(id))));
    }

    private void readRecipients(Set<String> recipientIds) {
        List<String> unknown = recipientIds.stream().filter(id -> !newest.containsKey(id)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, Long> positions = store.newestPositions(version, unknown);
        Map<String, List<CategoryCounts>> stored = store.counts(version, unknown);
        for (String recipientId : unknown) {
            newest.put(recipientId, positions.getOrDefault(recipientId, 0L));
            Map<String, CategoryCounts> perCategory = new TreeMap<>();
            stored.getOrDefault(recipientId, List.of()).forEach(count -> perCategory.put(count.category(), count));
            counts.put(recipientId, perCategory);
        }
    }
}

package dev.herald.query.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The statuses a batch of events reads and changes, held in memory until the batch ends: each is read at most once
 * (all at once with {@link #prefetch}, else on first use), and {@link #flush} writes only those that changed.
 */
final class StatusBatch {

    private final NotificationStatusStore store;
    private final int version;
    private final Map<String, Optional<NotificationStatusDocument>> stored = new HashMap<>();
    private final Map<String, NotificationStatusDocument> current = new LinkedHashMap<>();

    StatusBatch(NotificationStatusStore store, int version) {
        this.store = store;
        this.version = version;
    }

    void prefetch(Collection<String> notificationIds) {
        List<String> unknown = notificationIds.stream().filter(Objects::nonNull).distinct()
                .filter(id -> !stored.containsKey(id)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, NotificationStatusDocument> found = store.find(version, unknown);
        unknown.forEach(id -> stored.put(id, Optional.ofNullable(found.get(id))));
    }

    NotificationStatusDocument find(String notificationId) {
        NotificationStatusDocument changed = current.get(notificationId);
        if (changed != null) {
            return changed;
        }
        prefetch(List.of(notificationId));
        return stored.get(notificationId).orElse(null);
    }

    void save(NotificationStatusDocument document) {
        current.put(document.notificationId(), document);
    }

    void flush() {
        List<NotificationStatusDocument> created = new ArrayList<>();
        List<NotificationStatusDocument> changed = new ArrayList<>();
        current.forEach((id, document) -> {
            Optional<NotificationStatusDocument> before = stored.get(id);
            if (before == null || before.isEmpty()) {
                created.add(document);
            } else if (!before.get().equals(document)) {
                changed.add(document);
            }
            stored.put(id, Optional.of(document));
        });
        current.clear();
        if (!created.isEmpty() || !changed.isEmpty()) {
            store.write(version, created, changed);
        }
    }
}

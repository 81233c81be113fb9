package dev.herald.query.inbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entries of one category: {@code unread} and {@code total} count the visible ones (not archived), as the
 * counters show them; {@code archived} and {@code archivedUnread} the others, so that every inbox filter can tell
 * from the counts alone whether a bucket holds a match.
 */
record CategoryCounts(String category, int unread, int total, int archived, int archivedUnread) {

    static CategoryCounts of(InboxEntry entry) {
        boolean unread = !entry.read();
        return entry.archived()
                ? new CategoryCounts(entry.category(), 0, 0, 1, unread ? 1 : 0)
                : new CategoryCounts(entry.category(), unread ? 1 : 0, 1, 0, 0);
    }

    CategoryCounts plus(CategoryCounts other) {
        return new CategoryCounts(category, unread + other.unread, total + other.total, archived + other.archived,
                                  archivedUnread + other.archivedUnread);
    }

    /** Sums per category, sorted by category so that the same counts are always written the same way. */
    static List<CategoryCounts> sum(Collection<CategoryCounts> counts) {
        Map<String, CategoryCounts> sums = new TreeMap<>();
        for (CategoryCounts count : counts) {
            sums.merge(count.category(), count, CategoryCounts::plus);
        }
        return new ArrayList<>(sums.values());
    }
}

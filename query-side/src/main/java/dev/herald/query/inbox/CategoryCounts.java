package dev.herald.query.inbox;

/**
 * A recipient's counters of one category, or a change to them: the visible (not archived) entries, and how many of
 * them are unread.
 */
public record CategoryCounts(String category, long unread, long total) {

    static CategoryCounts zero(String category) {
        return new CategoryCounts(category, 0, 0);
    }

    CategoryCounts plus(CategoryCounts other) {
        return new CategoryCounts(category, unread + other.unread, total + other.total);
    }

    CategoryCounts minus(CategoryCounts other) {
        return new CategoryCounts(category, unread - other.unread, total - other.total);
    }

    boolean isZero() {
        return unread == 0 && total == 0;
    }
}

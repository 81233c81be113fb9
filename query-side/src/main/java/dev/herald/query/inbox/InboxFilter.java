package dev.herald.query.inbox;

import dev.herald.api.inbox.FindInboxQuery;

/**
 * Which entries a listing wants. The bucket counts are exact for every combination, so a bucket without a match is
 * never read and a page's cursor is only handed out when a match follows.
 */
record InboxFilter(boolean unreadOnly, String category, boolean archived) {

    static final InboxFilter VISIBLE = new InboxFilter(false, null, false);

    static InboxFilter of(FindInboxQuery query) {
        String category = query.category() == null || query.category().isBlank() ? null : query.category();
        return new InboxFilter(query.unreadOnly(), category, query.archived());
    }

    static InboxFilter unread(String category) {
        return new InboxFilter(true, category == null || category.isBlank() ? null : category, false);
    }

    boolean matches(InboxEntry entry) {
        return entry.archived() == archived && (!unreadOnly || !entry.read())
                && (category == null || category.equals(entry.category()));
    }

    boolean mayMatch(BucketCounts counts) {
        for (CategoryCounts count : counts.categories()) {
            if ((category == null || category.equals(count.category())) && matching(count) > 0) {
                return true;
            }
        }
        return false;
    }

    private int matching(CategoryCounts count) {
        if (archived) {
            return unreadOnly ? count.archivedUnread() : count.archived();
        }
        return unreadOnly ? count.unread() : count.total();
    }
}

package dev.herald.query.inbox;

import dev.herald.api.inbox.FindInboxQuery;

/** Which entries a listing wants: archived or not, only unread ones or all, one category or all. */
public record InboxFilter(boolean unreadOnly, String category, boolean archived) {

    static InboxFilter of(FindInboxQuery query) {
        String category = query.category() == null || query.category().isBlank() ? null : query.category();
        return new InboxFilter(query.unreadOnly(), category, query.archived());
    }

    static InboxFilter unread(String category) {
        return new InboxFilter(true, category == null || category.isBlank() ? null : category, false);
    }

    public boolean matches(InboxEntry entry) {
        return entry.archived() == archived && (!unreadOnly || !entry.read())
                && (category == null || category.equals(entry.category()));
    }
}

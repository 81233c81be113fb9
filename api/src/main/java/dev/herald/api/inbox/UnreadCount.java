package dev.herald.api.inbox;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many of a recipient's inbox notifications are unread, and how many there are (archived ones excluded), in
 * all and per category. A category without any notification in the inbox is left out of {@code categories}.
 */
public record UnreadCount(long unread, long total, Map<String, CategoryCount> categories) {

    public UnreadCount {
        categories = categories == null ? Map.of() : new TreeMap<>(categories);
    }

    public UnreadCount(long unread, long total) {
        this(unread, total, Map.of());
    }
}

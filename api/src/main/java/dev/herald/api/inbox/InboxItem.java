package dev.herald.api.inbox;

import dev.herald.api.Priority;
import java.time.Instant;
import java.util.Map;

/** One notification as its recipient sees it. */
public record InboxItem(String id, String category, Priority priority, String title, String body,
                        Map<String, Object> data, boolean read, boolean archived, Instant createdAt) {
}

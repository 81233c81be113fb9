package dev.herald.api.inbox;

import dev.herald.api.Priority;
import dev.herald.api.template.TemplateRef;
import java.time.Instant;
import java.util.Map;

/**
 * One notification as its recipient sees it.
 *
 * @param position where it reached its recipient's inbox: 1 for the first notification ever placed there, then
 *                 one more for each. It never changes, not even when the inbox is rebuilt from the events, so a
 *                 client can resume a stream after it (it is the SSE event id).
 * @param template the template and version it was rendered from, or null
 */
public record InboxItem(String id, String category, Priority priority, String title, String body,
                        Map<String, Object> data, boolean read, boolean archived, Instant createdAt,
                        long position, TemplateRef template) {

    /** An item without a template. */
    public InboxItem(String id, String category, Priority priority, String title, String body,
                     Map<String, Object> data, boolean read, boolean archived, Instant createdAt, long position) {
        this(id, category, priority, title, body, data, read, archived, createdAt, position, null);
    }
}

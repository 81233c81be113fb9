package dev.herald.query.inbox;

import dev.herald.api.Priority;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.template.TemplateRef;
import java.time.Instant;

/**
 * One notification in a recipient's inbox, as a storage adapter keeps it. {@code position} is 1 for the first
 * notification placed in that inbox, then one more for each; it never changes. {@code dataJson} holds the sender's
 * data as JSON text: its keys are the sender's and may contain dots or start with a dollar sign, which MongoDB
 * field names cannot. {@code template} is null for a notification sent without one.
 */
public record InboxEntry(String notificationId, String recipientId, long position, String category,
                         Priority priority, String title, String body, String dataJson, boolean read,
                         boolean archived, Instant createdAt, TemplateRef template) {

    public InboxEntry(String notificationId, String recipientId, long position, String category, Priority priority,
                      String title, String body, String dataJson, boolean read, boolean archived,
                      Instant createdAt) {
        this(notificationId, recipientId, position, category, priority, title, body, dataJson, read, archived,
             createdAt, null);
    }

    InboxEntry apply(InboxChange change) {
        return switch (change) {
            case READ -> withFlags(true, archived);
            case UNREAD -> withFlags(false, archived);
            case ARCHIVE -> withFlags(read, true);
        };
    }

    InboxEntry withFlags(boolean isRead, boolean isArchived) {
        return new InboxEntry(notificationId, recipientId, position, category, priority, title, body, dataJson,
                              isRead, isArchived, createdAt, template);
    }

    /** What this entry adds to its category's counters: archived entries are not counted. */
    CategoryCounts counted() {
        return archived ? CategoryCounts.zero(category) : new CategoryCounts(category, read ? 0 : 1, 1);
    }

    InboxItem toItem() {
        return new InboxItem(notificationId, category, priority, title, body, InboxData.read(dataJson), read,
                             archived, createdAt, position, template);
    }
}

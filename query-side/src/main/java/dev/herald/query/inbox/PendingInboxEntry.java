package dev.herald.query.inbox;

import dev.herald.api.Priority;
import dev.herald.api.template.TemplateRef;
import java.time.Instant;

/**
 * A scheduled notification waiting for its send time, holding what the inbox will show once it is released.
 * It keeps read and archive flags too, so that nothing the recipient did is lost if such an event comes early.
 */
public record PendingInboxEntry(String notificationId, String recipientId, String category, Priority priority,
                                String title, String body, String dataJson, boolean read, boolean archived,
                                TemplateRef template) {

    public PendingInboxEntry(String notificationId, String recipientId, String category, Priority priority,
                             String title, String body, String dataJson, boolean read, boolean archived) {
        this(notificationId, recipientId, category, priority, title, body, dataJson, read, archived, null);
    }

    PendingInboxEntry apply(InboxChange change) {
        InboxEntry changed = releasedAt(0, null).apply(change);
        return new PendingInboxEntry(notificationId, recipientId, category, priority, title, body, dataJson,
                                     changed.read(), changed.archived(), template);
    }

    InboxEntry releasedAt(long position, Instant at) {
        return new InboxEntry(notificationId, recipientId, position, category, priority, title, body, dataJson,
                              read, archived, at, template);
    }
}

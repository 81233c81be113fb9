package dev.herald.query.inbox;

import dev.herald.api.Priority;
import dev.herald.api.inbox.InboxItem;
import java.time.Instant;

/**
 * One notification inside an inbox bucket. {@code dataJson} holds the sender's data as JSON text: its keys are
 * the sender's and may contain dots or start with a dollar sign, which MongoDB field names cannot.
 */
record InboxEntry(String notificationId, String category, Priority priority, String title, String body,
                  String dataJson, boolean read, boolean archived, Instant createdAt) {

    InboxEntry apply(InboxChange change) {
        return switch (change) {
            case READ -> new InboxEntry(notificationId, category, priority, title, body, dataJson, true, archived,
                                        createdAt);
            case UNREAD -> new InboxEntry(notificationId, category, priority, title, body, dataJson, false,
                                          archived, createdAt);
            case ARCHIVE -> new InboxEntry(notificationId, category, priority, title, body, dataJson, read, true,
                                           createdAt);
        };
    }

    InboxItem toItem(InboxPosition position) {
        return new InboxItem(notificationId, category, priority, title, body, InboxData.read(dataJson), read,
                             archived, createdAt, position.number());
    }
}

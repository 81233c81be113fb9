package dev.herald.query.inbox;

import org.springframework.data.annotation.Id;

/** Where a notification sits in its recipient's inbox, so that read, unread and archive find it by key. */
record InboxLocator(@Id String notificationId, String recipientId, int bucket) {
}

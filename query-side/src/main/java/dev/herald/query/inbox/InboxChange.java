package dev.herald.query.inbox;

/** What a recipient can do to a notification in their inbox. */
enum InboxChange {
    READ, UNREAD, ARCHIVE
}

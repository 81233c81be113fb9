package dev.herald.api.inbox;

/** How many of a recipient's inbox notifications are unread, and how many there are (archived ones excluded). */
public record UnreadCount(long unread, long total) {
}

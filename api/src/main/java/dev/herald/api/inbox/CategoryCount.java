package dev.herald.api.inbox;

/** The unread and total counts of one category of an inbox (archived notifications excluded). */
public record CategoryCount(long unread, long total) {
}

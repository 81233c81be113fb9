package dev.herald.query.web;

/** One category's counts as GraphQL lists them. */
record CategoryUnread(String category, long unread, long total) {
}

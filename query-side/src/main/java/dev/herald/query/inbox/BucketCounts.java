package dev.herald.query.inbox;

/**
 * What the head knows of one bucket: how many entries it holds ({@code size}, archived ones included) and how
 * many of them are visible ({@code total}) and unread.
 */
record BucketCounts(int bucket, int size, int unread, int total) {
}

package dev.herald.query.inbox;

/**
 * Where an entry sits: its bucket and index. As a single number (1 for the first entry of bucket 0) it is the
 * item's stable {@code position}, because buckets fill up in order and entries never move.
 */
record InboxPosition(int bucket, int index) {

    static InboxPosition of(long position) {
        long zeroBased = position - 1;
        return new InboxPosition((int) (zeroBased / InboxProjection.BUCKET_CAPACITY),
                                 (int) (zeroBased % InboxProjection.BUCKET_CAPACITY));
    }

    long number() {
        return (long) bucket * InboxProjection.BUCKET_CAPACITY + index + 1;
    }
}

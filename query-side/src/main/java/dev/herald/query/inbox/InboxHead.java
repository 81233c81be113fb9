package dev.herald.query.inbox;

import dev.herald.api.inbox.UnreadCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * The entry point to a recipient's inbox: the counts of every bucket, oldest bucket first, and their sums.
 * A bucket's counts are only ever replaced by counts taken from the bucket's content, never incremented, so a
 * repeated or half-applied event cannot make them drift.
 */
record InboxHead(@Id String recipientId, long unread, long total, List<BucketCounts> buckets) {

    static InboxHead empty(String recipientId) {
        return new InboxHead(recipientId, 0, 0, List.of());
    }

    /** The newest bucket while it has room, else a new one after it. */
    int bucketForNewEntry(int capacity) {
        if (buckets.isEmpty()) {
            return 0;
        }
        BucketCounts newest = buckets.get(buckets.size() - 1);
        return newest.size() < capacity ? newest.bucket() : newest.bucket() + 1;
    }

    InboxHead with(BucketCounts counts) {
        List<BucketCounts> replaced = new ArrayList<>(buckets.size() + 1);
        for (BucketCounts existing : buckets) {
            if (existing.bucket() != counts.bucket()) {
                replaced.add(existing);
            }
        }
        replaced.add(counts);
        replaced.sort(Comparator.comparingInt(BucketCounts::bucket));
        long unreadSum = replaced.stream().mapToLong(BucketCounts::unread).sum();
        long totalSum = replaced.stream().mapToLong(BucketCounts::total).sum();
        return new InboxHead(recipientId, unreadSum, totalSum, replaced);
    }

    UnreadCount unreadCount() {
        return new UnreadCount(unread, total);
    }
}

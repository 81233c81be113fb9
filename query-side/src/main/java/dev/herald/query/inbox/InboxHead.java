package dev.herald.query.inbox;

import dev.herald.api.inbox.CategoryCount;
import dev.herald.api.inbox.UnreadCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.annotation.Id;

/**
 * The entry point to a recipient's inbox: the counts of every bucket, oldest bucket first, and their sums, in all
 * and per category. A bucket's counts are only ever replaced by counts taken from the bucket's content, never
 * incremented, so a repeated or half-applied event cannot make them drift.
 */
record InboxHead(@Id String recipientId, long unread, long total, List<CategoryCounts> categories,
                 List<BucketCounts> buckets) {

    InboxHead {
        categories = categories == null ? List.of() : categories;
    }

    static InboxHead empty(String recipientId) {
        return new InboxHead(recipientId, 0, 0, List.of(), List.of());
    }

    /** The newest bucket while it has room, else a new one after it. */
    int bucketForNewEntry(int capacity) {
        if (buckets.isEmpty()) {
            return 0;
        }
        BucketCounts newest = buckets.get(buckets.size() - 1);
        return newest.size() < capacity ? newest.bucket() : newest.bucket() + 1;
    }

    /** The position of the newest entry, 0 for an empty inbox. */
    long newestPosition() {
        if (buckets.isEmpty()) {
            return 0;
        }
        BucketCounts newest = buckets.get(buckets.size() - 1);
        return newest.size() == 0 ? 0 : new InboxPosition(newest.bucket(), newest.size() - 1).number();
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
        List<CategoryCounts> categorySums = CategoryCounts.sum(
                replaced.stream().flatMap(bucket -> bucket.categories().stream()).toList());
        return new InboxHead(recipientId, unreadSum, totalSum, categorySums, replaced);
    }

    /** Categories whose every notification is archived are left out, as the counters do not show them. */
    UnreadCount unreadCount() {
        Map<String, CategoryCount> perCategory = new TreeMap<>();
        for (CategoryCounts count : categories) {
            if (count.total() > 0) {
                perCategory.put(count.category(), new CategoryCount(count.unread(), count.total()));
            }
        }
        return new UnreadCount(unread, total, perCategory);
    }
}

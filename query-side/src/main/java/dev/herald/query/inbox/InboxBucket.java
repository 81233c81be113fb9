package dev.herald.query.inbox;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * A run of a recipient's inbox entries in arrival order, oldest first. Entries never leave their bucket (an
 * archived one is only flagged), so a position {@code (bucket, index)} stays valid for paging and for streaming.
 */
record InboxBucket(@Id String id, String recipientId, int bucket, List<InboxEntry> entries) {

    static String idOf(String recipientId, int bucket) {
        return recipientId + "#" + bucket;
    }

    static InboxBucket empty(String recipientId, int bucket) {
        return new InboxBucket(idOf(recipientId, bucket), recipientId, bucket, List.of());
    }

    /** The entry's index, or -1. */
    int indexOf(String notificationId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).notificationId().equals(notificationId)) {
                return i;
            }
        }
        return -1;
    }

    InboxBucket append(InboxEntry entry) {
        List<InboxEntry> appended = new ArrayList<>(entries);
        appended.add(entry);
        return new InboxBucket(id, recipientId, bucket, appended);
    }

    InboxBucket apply(String notificationId, InboxChange change) {
        List<InboxEntry> changed = entries.stream()
                .map(entry -> entry.notificationId().equals(notificationId) ? entry.apply(change) : entry)
                .toList();
        return new InboxBucket(id, recipientId, bucket, changed);
    }

    /** Counted from the entries themselves, so that writing them to the head repairs whatever it held before. */
    BucketCounts counts() {
        List<CategoryCounts> perEntry = entries.stream().map(CategoryCounts::of).toList();
        List<CategoryCounts> categories = CategoryCounts.sum(perEntry);
        int unread = categories.stream().mapToInt(CategoryCounts::unread).sum();
        int total = categories.stream().mapToInt(CategoryCounts::total).sum();
        return new BucketCounts(bucket, entries.size(), unread, total, categories);
    }

    InboxPosition position(int index) {
        return new InboxPosition(bucket, index);
    }
}

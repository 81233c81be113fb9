package dev.herald.query.inbox;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * A run of a recipient's inbox entries in arrival order, oldest first. Entries never leave their bucket (an
 * archived one is only flagged), so a position {@code (bucket, index)} stays valid for paging.
 */
record InboxBucket(@Id String id, String recipientId, int bucket, List<InboxEntry> entries) {

    static String idOf(String recipientId, int bucket) {
        return recipientId + "#" + bucket;
    }

    static InboxBucket empty(String recipientId, int bucket) {
        return new InboxBucket(idOf(recipientId, bucket), recipientId, bucket, List.of());
    }

    boolean contains(String notificationId) {
        return entries.stream().anyMatch(entry -> entry.notificationId().equals(notificationId));
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
        int unread = 0;
        int total = 0;
        for (InboxEntry entry : entries) {
            if (!entry.archived()) {
                total++;
                if (!entry.read()) {
                    unread++;
                }
            }
        }
        return new BucketCounts(bucket, entries.size(), unread, total);
    }
}

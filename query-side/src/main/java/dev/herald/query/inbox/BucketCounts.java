package dev.herald.query.inbox;

import java.util.List;

/**
 * What the head knows of one bucket: how many entries it holds ({@code size}, archived ones included), how many of
 * them are visible ({@code total}) and unread, and the same per category.
 */
record BucketCounts(int bucket, int size, int unread, int total, List<CategoryCounts> categories) {

    BucketCounts {
        categories = categories == null ? List.of() : categories;
    }
}

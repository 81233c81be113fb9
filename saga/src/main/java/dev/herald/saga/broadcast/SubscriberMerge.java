package dev.herald.saga.broadcast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The subscribers of several topics as one ascending sequence without duplicates, read from each topic in pages:
 * a k-way merge of the topics' cursors. Each topic's ids ascend strictly, so a recipient in several topics comes up
 * from each of them one after the other and is passed on once. Memory is a page per topic, whatever the topics'
 * sizes; the sequence can start after any recipient id, which is how a broadcast resumes.
 */
final class SubscriberMerge {

    private final PriorityQueue<TopicCursor> heads =
            new PriorityQueue<>(Comparator.comparing(TopicCursor::head));
    private String last;

    SubscriberMerge(List<String> topics, String after, int pageSize, SubscriberPages pages) {
        this.last = after;
        for (String topic : topics) {
            TopicCursor cursor = new TopicCursor(topic, after, pageSize, pages);
            if (cursor.hasHead()) {
                heads.add(cursor);
            }
        }
    }

    /** The next at most {@code max} recipients; empty once every topic is exhausted. */
    List<String> next(int max) {
        List<String> batch = new ArrayList<>(max);
        while (batch.size() < max && !heads.isEmpty()) {
            TopicCursor cursor = heads.poll();
            String recipientId = cursor.take();
            if (cursor.hasHead()) {
                heads.add(cursor);
            }
            if (last == null || recipientId.compareTo(last) > 0) {
                batch.add(recipientId);
                last = recipientId;
            }
        }
        return batch;
    }

    private static final class TopicCursor {

        private final String topic;
        private final int pageSize;
        private final SubscriberPages pages;
        private final Deque<String> buffer = new ArrayDeque<>();
        private String after;
        private boolean exhausted;

        TopicCursor(String topic, String after, int pageSize, SubscriberPages pages) {
            this.topic = topic;
            this.after = after;
            this.pageSize = pageSize;
            this.pages = pages;
        }

        boolean hasHead() {
            if (buffer.isEmpty() && !exhausted) {
                List<String> page = pages.page(topic, after, pageSize);
                buffer.addAll(page);
                exhausted = page.size() < pageSize;
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1);
                }
            }
            return !buffer.isEmpty();
        }

        String head() {
            return buffer.peekFirst();
        }

        String take() {
            return buffer.pollFirst();
        }
    }
}

package dev.herald.saga.broadcast;

import java.util.List;

/** Reads a topic's subscribers a page at a time, in ascending recipient id order, after a cursor (null: first). */
@FunctionalInterface
interface SubscriberPages {

    List<String> page(String topic, String after, int limit);
}

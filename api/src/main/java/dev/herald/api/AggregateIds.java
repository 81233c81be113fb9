package dev.herald.api;

/**
 * Event-store identifiers of the aggregates that came after recipients and notifications. Axon keys every event by
 * aggregate identifier and sequence number, whatever the aggregate's type, so a template, a topic and a recipient all
 * called {@code maintenance} would otherwise append to one stream, and the second of them to be used fails with
 * {@code IncompatibleAggregateException}.
 *
 * <p>Templates, topics, broadcasts and throttles are therefore stored under {@code <type>/<key>}. The separator {@code /} is
 * one that a recipient id can never contain (recipient ids allow {@code :}, so {@code template:maintenance} would
 * still be a valid recipient id) and a notification id, a UUID, neither. Broadcast ids are UUIDs as well, but a
 * recipient id may be any UUID too (many senders use them for users), so broadcasts get their namespace as well.
 *
 * <p>Recipients and notifications keep their bare identifiers: their events are already stored under them, and
 * renaming would need a migration of existing streams. Events and read models keep carrying the bare key; only the
 * aggregate's identifier and the command's target carry the prefix.
 */
public final class AggregateIds {

    private static final char SEPARATOR = '/';

    private AggregateIds() {
    }

    public static String template(String templateKey) {
        return "template" + SEPARATOR + templateKey;
    }

    public static String topic(String topic) {
        return "topic" + SEPARATOR + topic;
    }

    public static String broadcast(String broadcastId) {
        return "broadcast" + SEPARATOR + broadcastId;
    }

    /**
     * One recipient's digest of one key: {@code digest/<recipientId>/<key>}. Neither part can contain the separator
     * (the edge refuses a digest key with one, and recipient ids never have it), so no two pairs share an id.
     */
    public static String digest(String recipientId, String digestKey) {
        return "digest" + SEPARATOR + recipientId + SEPARATOR + digestKey;
    }

    /**
     * One throttle of one recipient: {@code throttle/<recipientId>/<key>}. A recipient id never contains the
     * separator, so the first one after the prefix ends it whatever the key holds.
     */
    public static String throttle(String recipientId, String throttleKey) {
        return "throttle" + SEPARATOR + recipientId + SEPARATOR + throttleKey;
    }

    /** The key as callers know it: an aggregate identifier without its type prefix, for messages. */
    public static String key(String aggregateId) {
        return aggregateId.substring(aggregateId.indexOf(SEPARATOR) + 1);
    }
}

package dev.herald.query.topic;

import dev.herald.query.projection.VersionedReadModel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How topic subscriptions and broadcasts are kept; {@link TopicsProjection} decides what changes. Subscriptions are a
 * set of (topic, recipient) pairs: adding a pair that is there, or removing one that is not, changes nothing.
 * Recipient ids compare as their bytes (they are ASCII), the same order as Java's {@link String#compareTo}, which
 * the fan-out's cursor relies on.
 */
public interface TopicsStore extends VersionedReadModel {

    void addSubscribers(int version, String topic, List<String> recipientIds);

    void removeSubscribers(int version, String topic, List<String> recipientIds);

    /** At most {@code limit} subscribers of the topic after {@code after} (null: from the first), ascending. */
    List<String> subscribers(int version, String topic, String after, int limit);

    /** The recipient's topics in key order. */
    List<String> topicsOf(int version, String recipientId);

    Optional<BroadcastRecord> findBroadcast(int version, String broadcastId);

    void saveBroadcast(int version, BroadcastRecord broadcast);

    /** Broadcasts not done whose lease is absent or ends before {@code now}, oldest first. */
    List<String> runnableBroadcasts(int version, Instant now, int limit);
}

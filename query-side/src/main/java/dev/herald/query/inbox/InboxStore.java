package dev.herald.query.inbox;

import dev.herald.query.projection.VersionedReadModel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the inbox read model is kept and queried; {@link InboxProjection} decides what changes. Every method takes
 * the version of the read model it works on (see {@code ProjectionVersions}): a replay fills a new version while
 * queries read the serving one.
 *
 * <p>The write side works a batch at a time: the projection reads what its events touch with the {@code find}
 * methods, decides in memory, and hands the adapter one {@link InboxWrites} per batch. An adapter must apply a
 * batch's writes exactly once as far as counters go, even when the processor repeats the batch after a failure,
 * and must say in its javadoc how it ensures that. Entries and pending entries are written as absolute states, so
 * writing them again changes nothing.
 */
public interface InboxStore extends VersionedReadModel {

    /** The entries with these notification ids, by notification id. */
    Map<String, InboxEntry> findEntries(int version, Collection<String> notificationIds);

    /** The newest position of each of these inboxes (0 for an empty one), by recipient id. */
    Map<String, Long> newestPositions(int version, Collection<String> recipientIds);

    /** The counters of these recipients, per recipient and category; a category never counted is absent. */
    Map<String, List<CategoryCounts>> counts(int version, Collection<String> recipientIds);

    /** The scheduled entries with these notification ids, by notification id. */
    Map<String, PendingInboxEntry> findPending(int version, Collection<String> notificationIds);

    /** Applies what one batch decided, see the class comment. */
    void write(int version, InboxWrites writes);

    /** At most {@code limit} matching entries placed before {@code beforePosition}, newest first. */
    List<InboxEntry> newestFirst(int version, String recipientId, InboxFilter filter, long beforePosition, int limit);

    /** At most {@code limit} entries placed after {@code afterPosition}, oldest first. */
    List<InboxEntry> placedAfter(int version, String recipientId, long afterPosition, int limit);

    Optional<InboxEntry> findEntry(int version, String notificationId);
}

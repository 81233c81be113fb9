package dev.herald.app.cluster.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB collection through which the nodes of a cluster tell each other about inbox updates. Each node appends
 * entries (a batch of updates each) and tails the entries of the other nodes with short polls.
 *
 * <p>The protocol:
 * <ul>
 *   <li>An entry's {@code _id} is {@code <writer's clock, ms, 13 digits>-<node>-<sequence, 12 digits>}: ids sort by
 *       the time they were written, and one node's ids sort in the order it wrote them (its clock is never allowed
 *       to go back, its sequence only grows). A node appends from one thread and waits for each insert, so its
 *       entries also become visible in that order.</li>
 *   <li>Ids from different nodes are not ordered by when they became visible: an insert in flight, or a node whose
 *       clock is a little behind, makes an entry appear with an id below one already read. So a reader never reads
 *       from where it stopped but from an <em>overlap</em> before its own clock ({@code _id > now - overlap}),
 *       leaving out the ids it already read there ({@code $nin}), and remembers the ids it read only as long as they
 *       are inside the overlap. Each entry is thus returned exactly once, provided it becomes visible within the
 *       overlap of the time its writer stamped on it: the overlap must exceed the clock skew between nodes plus the
 *       time an insert takes.</li>
 *   <li>A reader starts at the head: entries written before it started are not returned.</li>
 *   <li>Entries older than the retention are deleted by whichever node prunes (every node does, now and then):
 *       mongo-java-server, the test double, implements neither TTL indexes nor capped collections, and MongoDB's
 *       TTL monitor runs only once a minute anyway. The retention only has to exceed the overlap.</li>
 * </ul>
 * Every query is a range on {@code _id}, so a real MongoDB answers it from the {@code _id} index; mongo-java-server
 * scans the collection, which the retention keeps small.
 *
 * <p>{@link #append} and {@link #poll} each keep state and must each be called from one thread at a time.
 */
final class UpdateFeed {

    static final String COLLECTION = "live_inbox_updates";
    private static final Logger log = LoggerFactory.getLogger(UpdateFeed.class);

    private final MongoCollection<Document> entries;
    private final ObjectMapper json;
    private final String node;
    private final Duration overlap;
    private final Duration retention;
    private final Clock clock;

    private long lastWrittenAt;
    private long sequence;

    private final NavigableSet<String> read = new TreeSet<>();
    private boolean started;

    UpdateFeed(MongoCollection<Document> entries, ObjectMapper json, String node, Duration overlap,
               Duration retention, Clock clock) {
        if (retention.compareTo(overlap) <= 0) {
            throw new IllegalArgumentException("the retention must be longer than the overlap");
        }
        this.entries = entries;
        this.json = json;
        this.node = node;
        this.overlap = overlap;
        this.retention = retention;
        this.clock = clock;
    }

    String node() {
        return node;
    }

    /** Writes the updates as one entry, visible to the other nodes once this returns; returns its id. */
    String append(List<LiveUpdate> updates) {
        // Taken before the insert: an insert that failed on this side may still have been stored.
        long at = Math.max(clock.millis(), lastWrittenAt);
        lastWrittenAt = at;
        String id = String.format("%s-%s-%012d", timeKey(at), node, ++sequence);
        List<Document> encoded = new ArrayList<>(updates.size());
        for (LiveUpdate update : updates) {
            encoded.add(encode(update));
        }
        entries.insertOne(new Document("_id", id).append("node", node).append("at", at).append("updates", encoded));
        return id;
    }

    /**
     * Marks what the feed holds now as read, so that {@link #poll} returns only what is written from here on. A
     * poll before this (or after it failed) does it instead of returning anything.
     */
    void startAtHead() {
        String floor = floor();
        for (Document entry : entries.find(Filters.gt("_id", floor)).projection(Projections.include("_id"))) {
            read.add(entry.getString("_id"));
        }
        started = true;
    }

    /** The entries of other nodes not returned before, in id order. */
    List<Entry> poll() {
        if (!started) {
            startAtHead();
            return List.of();
        }
        String floor = floor();
        read.headSet(floor, true).clear();
        Bson unread = read.isEmpty()
                ? Filters.gt("_id", floor)
                : Filters.and(Filters.gt("_id", floor), Filters.nin("_id", read));
        List<Entry> found = new ArrayList<>();
        Bson othersUnread = Filters.and(unread, Filters.ne("node", node));
        for (Document entry : entries.find(othersUnread).sort(Sorts.ascending("_id"))) {
            String id = entry.getString("_id");
            read.add(id);
            decode(id, entry).ifPresent(found::add);
        }
        return found;
    }

    /** Deletes the entries older than the retention; returns how many. */
    long prune() {
        return entries.deleteMany(Filters.lt("_id", timeKey(clock.millis() - retention.toMillis()))).getDeletedCount();
    }

    /** How many ids this reader remembers: those inside the overlap. */
    int remembered() {
        return read.size();
    }

    private String floor() {
        return timeKey(clock.millis() - overlap.toMillis());
    }

    private static String timeKey(long millis) {
        return String.format("%013d", Math.max(0, millis));
    }

    private Document encode(LiveUpdate update) {
        try {
            Document encoded = new Document("r", update.recipientId());
            if (update instanceof LiveUpdate.ItemPlaced placed) {
                return encoded.append("item", json.writeValueAsString(placed.item()));
            }
            return encoded.append("count", json.writeValueAsString(((LiveUpdate.CountChanged) update).count()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + update, e);
        }
    }

    /** An entry this version cannot read (a newer node's, say) is skipped, not retried for ever. */
    private Optional<Entry> decode(String id, Document entry) {
        try {
            List<LiveUpdate> updates = new ArrayList<>();
            for (Document update : entry.getList("updates", Document.class)) {
                String recipientId = update.getString("r");
                if (update.containsKey("item")) {
                    updates.add(new LiveUpdate.ItemPlaced(
                            recipientId, json.readValue(update.getString("item"), InboxItem.class)));
                } else if (update.containsKey("count")) {
                    updates.add(new LiveUpdate.CountChanged(
                            recipientId, json.readValue(update.getString("count"), UnreadCount.class)));
                }
            }
            return Optional.of(new Entry(id, entry.getString("node"), entry.getLong("at"), updates));
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("Skipping live update entry {} that this node cannot read: {}", id, e.toString());
            return Optional.empty();
        }
    }

    /** One node's batch of updates, and when (by its clock) it wrote them. */
    record Entry(String id, String node, long writtenAt, List<LiveUpdate> updates) {
    }
}

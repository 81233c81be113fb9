package dev.herald.app.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * The nodes of a cluster and what each holds, one document per node in {@value #COLLECTION}:
 * {@code {_id: node, lastSeen, pins: [processor], processors: [{name, segments: [id], behind}]}}. Each node
 * rewrites its own document at every heartbeat and reads all of them; nobody else writes it, so no update can race.
 */
final class NodeHeartbeats {

    static final String COLLECTION = "herald_nodes";

    /** The segments of one processor a node holds, and how many events the slowest of them is behind. */
    record Holding(String processor, List<Integer> segments, Long behind) {
    }

    record Heartbeat(String node, Instant lastSeen, Set<String> pins, List<Holding> processors) {

        Holding holding(String processor) {
            return processors.stream().filter(holding -> holding.processor().equals(processor)).findFirst()
                    .orElse(null);
        }
    }

    private final MongoCollection<Document> nodes;

    NodeHeartbeats(MongoDatabase database) {
        this.nodes = database.getCollection(COLLECTION);
    }

    void beat(Heartbeat heartbeat) {
        List<Document> processors = heartbeat.processors().stream()
                .map(holding -> new Document("name", holding.processor())
                        .append("segments", holding.segments())
                        .append("behind", holding.behind()))
                .toList();
        Document document = new Document("_id", heartbeat.node())
                .append("lastSeen", Date.from(heartbeat.lastSeen()))
                .append("pins", List.copyOf(heartbeat.pins()))
                .append("processors", processors);
        nodes.replaceOne(Filters.eq("_id", heartbeat.node()), document, new ReplaceOptions().upsert(true));
    }

    List<Heartbeat> all() {
        List<Heartbeat> heartbeats = new ArrayList<>();
        for (Document document : nodes.find()) {
            List<Holding> processors = new ArrayList<>();
            for (Document processor : document.getList("processors", Document.class, List.of())) {
                Number behind = processor.get("behind", Number.class);
                processors.add(new Holding(processor.getString("name"),
                                           List.copyOf(processor.getList("segments", Integer.class, List.of())),
                                           behind == null ? null : behind.longValue()));
            }
            heartbeats.add(new Heartbeat(document.getString("_id"), document.getDate("lastSeen").toInstant(),
                                         Set.copyOf(document.getList("pins", String.class, List.of())),
                                         List.copyOf(processors)));
        }
        return heartbeats;
    }

    void remove(String node) {
        nodes.deleteOne(Filters.eq("_id", node));
    }

    /** Forgets nodes gone long ago; recently gone ones stay visible to operators. */
    void forgetBefore(Instant lastSeen) {
        nodes.deleteMany(Filters.lt("lastSeen", Date.from(lastSeen)));
    }
}

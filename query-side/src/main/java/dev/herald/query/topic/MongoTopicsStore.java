package dev.herald.query.topic;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Topics in MongoDB. {@value TopicsProjection#SUBSCRIBERS}: a small document per (topic, recipient) whose {@code _id}
 * is both joined, so that adding is an upsert by {@code _id} ({@code $setOnInsert}, nothing changes when it is there)
 * and removing a delete by {@code _id}: a batch applied twice writes the same set. Pages of a topic's subscribers use
 * the index (topic, recipientId), a recipient's topics the index (recipientId, topic).
 * {@value TopicsProjection#BROADCASTS}: a document per broadcast, replaced whole (absolute values), with an index
 * for the runnable ones.
 */
public class MongoTopicsStore implements TopicsStore {

    /** Below every character a topic key may hold, so that one topic's ids never run into another's. */
    private static final char SEPARATOR = '\u0001';

    private final MongoOperations mongo;
    private final Set<Integer> indexed = ConcurrentHashMap.newKeySet();

    public MongoTopicsStore(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public void addSubscribers(int version, String topic, List<String> recipientIds) {
        List<UpdateOneModel<Document>> upserts = new ArrayList<>();
        for (String recipientId : recipientIds) {
            upserts.add(new UpdateOneModel<>(Filters.eq("_id", id(topic, recipientId)),
                                             Updates.combine(Updates.setOnInsert("topic", topic),
                                                             Updates.setOnInsert("recipientId", recipientId)),
                                             new UpdateOptions().upsert(true)));
        }
        subscribers(version).bulkWrite(upserts, new BulkWriteOptions().ordered(false));
    }

    @Override
    public void removeSubscribers(int version, String topic, List<String> recipientIds) {
        subscribers(version).deleteMany(Filters.in("_id", recipientIds.stream().map(id -> id(topic, id)).toList()));
    }

    @Override
    public List<String> subscribers(int version, String topic, String after, int limit) {
        Bson filter = after == null ? Filters.eq("topic", topic)
                : Filters.and(Filters.eq("topic", topic), Filters.gt("recipientId", after));
        List<String> page = new ArrayList<>();
        subscribers(version).find(filter).projection(Projections.include("recipientId"))
                .sort(Sorts.ascending("recipientId")).limit(limit)
                .forEach(document -> page.add(document.getString("recipientId")));
        return page;
    }

    @Override
    public List<String> topicsOf(int version, String recipientId) {
        List<String> topics = new ArrayList<>();
        subscribers(version).find(Filters.eq("recipientId", recipientId)).projection(Projections.include("topic"))
                .sort(Sorts.ascending("topic")).forEach(document -> topics.add(document.getString("topic")));
        return topics;
    }

    @Override
    public Optional<BroadcastRecord> findBroadcast(int version, String broadcastId) {
        return Optional.ofNullable(broadcasts(version).find(Filters.eq("_id", broadcastId)).first())
                .map(MongoTopicsStore::broadcast);
    }

    @Override
    public void saveBroadcast(int version, BroadcastRecord broadcast) {
        BroadcastCounts counts = broadcast.counts();
        Document document = new Document("_id", broadcast.broadcastId())
                .append("senderId", broadcast.senderId())
                .append("topics", broadcast.topics())
                .append("actorId", broadcast.actorId())
                .append("done", broadcast.done())
                .append("targeted", counts.targeted())
                .append("created", counts.created())
                .append("skippedActor", counts.skippedActor())
                .append("skippedNotFound", counts.skippedNotFound())
                .append("skippedRenderingFailed", counts.skippedRenderingFailed())
                .append("leaseUntil", date(broadcast.leaseUntil()))
                .append("startedAt", date(broadcast.startedAt()))
                .append("completedAt", date(broadcast.completedAt()));
        broadcasts(version).replaceOne(Filters.eq("_id", broadcast.broadcastId()), document,
                                       new ReplaceOptions().upsert(true));
    }

    @Override
    public List<String> runnableBroadcasts(int version, Instant now, int limit) {
        List<String> runnable = new ArrayList<>();
        broadcasts(version).find(Filters.and(Filters.eq("done", false), Filters.or(
                        Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", Date.from(now)))))
                .projection(Projections.include("_id")).sort(Sorts.ascending("startedAt")).limit(limit)
                .forEach(document -> runnable.add(document.getString("_id")));
        return runnable;
    }

    @Override
    public void drop(int version) {
        indexed.remove(version);
        mongo.dropCollection(ProjectionVersions.collection(TopicsProjection.SUBSCRIBERS, version));
        mongo.dropCollection(ProjectionVersions.collection(TopicsProjection.BROADCASTS, version));
    }

    private MongoCollection<Document> subscribers(int version) {
        ensureIndexes(version);
        return mongo.getCollection(ProjectionVersions.collection(TopicsProjection.SUBSCRIBERS, version));
    }

    private MongoCollection<Document> broadcasts(int version) {
        ensureIndexes(version);
        return mongo.getCollection(ProjectionVersions.collection(TopicsProjection.BROADCASTS, version));
    }

    private void ensureIndexes(int version) {
        if (indexed.add(version)) {
            MongoCollection<Document> subscribers =
                    mongo.getCollection(ProjectionVersions.collection(TopicsProjection.SUBSCRIBERS, version));
            subscribers.createIndex(Indexes.ascending("topic", "recipientId"),
                                    new IndexOptions().unique(true).name("topic_recipient"));
            subscribers.createIndex(Indexes.ascending("recipientId", "topic"),
                                    new IndexOptions().name("recipient_topic"));
            mongo.getCollection(ProjectionVersions.collection(TopicsProjection.BROADCASTS, version))
                    .createIndex(Indexes.ascending("done", "startedAt"), new IndexOptions().name("running"));
        }
    }

    private static BroadcastRecord broadcast(Document document) {
        return new BroadcastRecord(document.getString("_id"), document.getString("senderId"),
                                   document.getList("topics", String.class), document.getString("actorId"),
                                   document.getBoolean("done"),
                                   new BroadcastCounts(document.getLong("targeted"), document.getLong("created"),
                                                       document.getLong("skippedActor"),
                                                       document.getLong("skippedNotFound"),
                                                       document.get("skippedRenderingFailed", 0L)),
                                   instant(document.getDate("leaseUntil")), instant(document.getDate("startedAt")),
                                   instant(document.getDate("completedAt")));
    }

    private static String id(String topic, String recipientId) {
        return topic + SEPARATOR + recipientId;
    }

    private static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

package dev.herald.query.status;

import dev.herald.query.projection.ProjectionVersions;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The statuses in MongoDB, a document per notification ({@code _id} = notification id) in
 * {@value NotificationStatusProjection#COLLECTION}: read by {@code _id} for a batch at once, written with one
 * unordered bulk write per batch (inserts for new statuses, replacements for changed ones). Replacing the whole
 * document is idempotent, which is what makes a repeated batch harmless here; a status holds a few channels with
 * a few attempts each, so the document stays small.
 */
public class MongoNotificationStatusStore implements NotificationStatusStore {

    private final MongoOperations mongo;

    public MongoNotificationStatusStore(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public Map<String, NotificationStatusDocument> find(int version, Collection<String> notificationIds) {
        Map<String, NotificationStatusDocument> found = new HashMap<>();
        if (notificationIds.isEmpty()) {
            return found;
        }
        Query query = Query.query(Criteria.where("_id").in(notificationIds)).cursorBatchSize(notificationIds.size());
        for (NotificationStatusDocument document : mongo.find(query, NotificationStatusDocument.class,
                                                              collection(version))) {
            found.put(document.notificationId(), document);
        }
        return found;
    }

    @Override
    public void write(int version, List<NotificationStatusDocument> created,
                      List<NotificationStatusDocument> changed) {
        String collection = collection(version);
        if (created.size() + changed.size() == 1) {
            (created.isEmpty() ? changed : created).forEach(document -> mongo.save(document, collection));
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, NotificationStatusDocument.class,
                                            collection);
        created.forEach(bulk::insert);
        changed.forEach(document -> bulk.replaceOne(Query.query(Criteria.where("_id").is(document.notificationId())),
                                                    document, FindAndReplaceOptions.options().upsert()));
        bulk.execute();
    }

    @Override
    public void drop(int version) {
        mongo.dropCollection(collection(version));
    }

    private static String collection(int version) {
        return ProjectionVersions.collection(NotificationStatusProjection.COLLECTION, version);
    }
}

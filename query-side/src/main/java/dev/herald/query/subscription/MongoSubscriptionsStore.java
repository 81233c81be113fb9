package dev.herald.query.subscription;

import dev.herald.query.projection.ProjectionVersions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The opt-outs in MongoDB, a small document per recipient ({@code _id} = recipient id) in
 * {@value SubscriptionsProjection#COLLECTION}, replaced whole: an absolute state, so writing it again changes
 * nothing.
 */
public class MongoSubscriptionsStore implements SubscriptionsStore {

    private final MongoOperations mongo;

    public MongoSubscriptionsStore(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public OptOuts find(int version, String recipientId) {
        SubscriptionsDocument document = mongo.findById(recipientId, SubscriptionsDocument.class,
                                                        collection(version));
        return document == null ? OptOuts.none() : document.toOptOuts();
    }

    @Override
    public void save(int version, String recipientId, OptOuts optOuts) {
        if (optOuts.equals(OptOuts.none())) {
            mongo.remove(Query.query(Criteria.where("_id").is(recipientId)), collection(version));
        } else {
            mongo.save(new SubscriptionsDocument(recipientId, optOuts.toList()), collection(version));
        }
    }

    @Override
    public void drop(int version) {
        mongo.dropCollection(collection(version));
    }

    private static String collection(int version) {
        return ProjectionVersions.collection(SubscriptionsProjection.COLLECTION, version);
    }
}

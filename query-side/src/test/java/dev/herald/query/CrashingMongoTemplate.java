package dev.herald.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.result.DeleteResult;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A template that lets a fixed number of writes through and then throws before performing the next one, as if
 * the process had died there. The projections write only through save, remove and dropCollection.
 */
public final class CrashingMongoTemplate extends MongoTemplate {

    private final int writesBeforeCrash;
    private int writes;

    CrashingMongoTemplate(MongoClient client, String database, int writesBeforeCrash) {
        super(client, database);
        this.writesBeforeCrash = writesBeforeCrash;
    }

    /** Whether the crash point was reached, that is, whether some write was refused. */
    public boolean crashed() {
        return writes > writesBeforeCrash;
    }

    @Override
    public <T> T save(T objectToSave, String collectionName) {
        beforeWrite();
        return super.save(objectToSave, collectionName);
    }

    @Override
    public DeleteResult remove(Query query, String collectionName) {
        beforeWrite();
        return super.remove(query, collectionName);
    }

    @Override
    public void dropCollection(String collectionName) {
        beforeWrite();
        super.dropCollection(collectionName);
    }

    private void beforeWrite() {
        writes++;
        if (writes > writesBeforeCrash) {
            throw new SimulatedCrash(writes);
        }
    }
}

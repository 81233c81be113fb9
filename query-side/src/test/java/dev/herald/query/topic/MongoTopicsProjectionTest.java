package dev.herald.query.topic;

import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;

class MongoTopicsProjectionTest extends TopicsProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new MongoStorage("topics-test");
    }
}

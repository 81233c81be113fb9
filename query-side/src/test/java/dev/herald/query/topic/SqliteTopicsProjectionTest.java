package dev.herald.query.topic;

import dev.herald.query.storage.ReadModelStorage;
import dev.herald.query.storage.SqliteStorage;

class SqliteTopicsProjectionTest extends TopicsProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new SqliteStorage();
    }
}

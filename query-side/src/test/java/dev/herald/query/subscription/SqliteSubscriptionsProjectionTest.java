package dev.herald.query.subscription;

import dev.herald.query.storage.SqliteStorage;
import dev.herald.query.storage.ReadModelStorage;

class SqliteSubscriptionsProjectionTest extends SubscriptionsProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new SqliteStorage();
    }
}

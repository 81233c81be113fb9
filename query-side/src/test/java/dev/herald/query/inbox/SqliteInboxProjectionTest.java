package dev.herald.query.inbox;

import dev.herald.query.storage.ReadModelStorage;
import dev.herald.query.storage.SqliteStorage;

class SqliteInboxProjectionTest extends InboxProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new SqliteStorage();
    }
}

package dev.herald.query.status;

import dev.herald.query.storage.SqliteStorage;
import dev.herald.query.storage.ReadModelStorage;

class SqliteNotificationStatusProjectionTest extends NotificationStatusProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new SqliteStorage();
    }
}

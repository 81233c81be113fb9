package dev.herald.query.status;

import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;

class MongoNotificationStatusProjectionTest extends NotificationStatusProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new MongoStorage("status-test");
    }
}

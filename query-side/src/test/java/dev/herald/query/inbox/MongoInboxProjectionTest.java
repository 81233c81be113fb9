package dev.herald.query.inbox;

import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;

class MongoInboxProjectionTest extends InboxProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new MongoStorage("inbox-test");
    }
}

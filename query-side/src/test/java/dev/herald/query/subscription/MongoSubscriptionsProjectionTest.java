package dev.herald.query.subscription;

import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;

class MongoSubscriptionsProjectionTest extends SubscriptionsProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new MongoStorage("subscriptions-test");
    }
}

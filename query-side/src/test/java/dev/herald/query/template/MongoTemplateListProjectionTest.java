package dev.herald.query.template;

import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;

class MongoTemplateListProjectionTest extends TemplateListProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new MongoStorage("templates-test");
    }
}

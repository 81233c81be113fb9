package dev.herald.query.template;

import dev.herald.query.storage.ReadModelStorage;
import dev.herald.query.storage.SqliteStorage;

class SqliteTemplateListProjectionTest extends TemplateListProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new SqliteStorage();
    }
}

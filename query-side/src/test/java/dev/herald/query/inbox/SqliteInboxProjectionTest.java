package dev.herald.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Priority;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.storage.ReadModelStorage;
import dev.herald.query.storage.SqliteStorage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class SqliteInboxProjectionTest extends InboxProjectionContract {

    @Override
    protected ReadModelStorage createStorage() {
        return new SqliteStorage();
    }

    /** A replay writes no index that only queries use; the version builds them once, before it serves. */
    @Test
    void aVersionBeingBuiltHasItsQueryIndexesOnlyOnceItServes() throws Exception {
        try (SqliteStorage storage = new SqliteStorage()) {
            ProjectionVersions versions = storage.versions();
            InboxStore store = storage.inboxStore();
            int building = versions.beginBuild(InboxProjection.DEFINITION);
            store.write(building, new InboxWrites(List.of(new InboxEntry(
                    "n1", "r1", 1, "news", Priority.NORMAL, "t", "b", "{}", false, false, Instant.EPOCH, null)),
                    List.of(), Map.of(), List.of(), Set.of()));
            String items = ProjectionVersions.collection(InboxProjection.ITEMS, building);
            assertThat(indexes(storage, items)).containsExactly(items + "_by_notification");

            assertThat(versions.switchOver(InboxProjection.PROCESSING_GROUP)).isTrue();

            assertThat(indexes(storage, items)).containsExactlyInAnyOrder(
                    items + "_by_notification", items + "_by_state", items + "_by_category");
            assertThat(store.newestFirst(building, "r1", InboxFilter.unread(null), Long.MAX_VALUE, 10))
                    .extracting(InboxEntry::notificationId).containsExactly("n1");
        }
    }

    private static List<String> indexes(SqliteStorage storage, String table) {
        return new JdbcTemplate(storage.dataSource()).queryForList(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                String.class, table);
    }
}

package dev.herald.query.storage;

import dev.herald.query.inbox.InboxEntry;
import dev.herald.query.inbox.InboxStore;
import dev.herald.query.inbox.SqliteInboxStore;
import dev.herald.query.projection.SqliteVersionStore;
import dev.herald.query.projection.VersionStore;
import dev.herald.query.status.NotificationStatusStore;
import dev.herald.query.status.SqliteNotificationStatusStore;
import dev.herald.query.subscription.SqliteSubscriptionsStore;
import dev.herald.query.subscription.SubscriptionsStore;
import dev.herald.query.template.SqliteTemplateSummaryStore;
import dev.herald.query.template.TemplateSummaryStore;
import dev.herald.query.topic.SqliteTopicsStore;
import dev.herald.query.topic.TopicsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The SQLite adapter on a fresh database file in WAL mode, as the embedded profile runs it. */
public final class SqliteStorage implements ReadModelStorage {

    private final Path directory;
    private int generation;
    private DataSource dataSource;
    private InboxStore inbox;
    private NotificationStatusStore status;
    private SubscriptionsStore subscriptions;
    private TopicsStore topics;
    private TemplateSummaryStore templates;
    private VersionStore versions;

    public SqliteStorage() {
        try {
            directory = Files.createTempDirectory("read-models");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clear();
    }

    public static DataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        return sqlite;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public InboxStore inboxStore() {
        return inbox;
    }

    @Override
    public NotificationStatusStore statusStore() {
        return status;
    }

    @Override
    public SubscriptionsStore subscriptionsStore() {
        return subscriptions;
    }

    @Override
    public TopicsStore topicsStore() {
        return topics;
    }

    @Override
    public TemplateSummaryStore templateStore() {
        return templates;
    }

    @Override
    public VersionStore versionStore() {
        return versions;
    }

    @Override
    public void clear() {
        dataSource = dataSource(directory.resolve("read-models-" + ++generation + ".db"));
        inbox = new SqliteInboxStore(dataSource);
        status = new SqliteNotificationStatusStore(dataSource);
        subscriptions = new SqliteSubscriptionsStore(dataSource);
        topics = new SqliteTopicsStore(dataSource);
        templates = new SqliteTemplateSummaryStore(dataSource);
        versions = new SqliteVersionStore(dataSource);
    }

    @Override
    public Map<String, List<String>> dump(List<String> tables) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String table : tables) {
            if (!exists(table)) {
                dump.put(table, List.of());
                continue;
            }
            dump.put(table, jdbc.query("SELECT * FROM " + table + " ORDER BY 1, 2", (row, number) -> {
                ResultSetMetaData columns = row.getMetaData();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    values.add(columns.getColumnName(i) + "=" + row.getObject(i));
                }
                return String.join(", ", values);
            }));
        }
        return dump;
    }

    @Override
    public List<InboxEntry> inboxEntries(String table) {
        return new JdbcTemplate(dataSource).query(
                "SELECT notification_id, recipient_id, position, category, read, archived FROM " + table,
                (row, number) -> new InboxEntry(row.getString(1), row.getString(2), row.getLong(3), row.getString(4),
                                                null, null, null, null, row.getBoolean(5), row.getBoolean(6), null));
    }

    @Override
    public long count(String table) {
        return exists(table) ? new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM " + table,
                                                                           Long.class) : 0;
    }

    private boolean exists(String table) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", Long.class, table) > 0;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "SQLite";
    }
}

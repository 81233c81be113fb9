package dev.herald.query.inbox;

import static dev.herald.query.projection.ProjectionVersions.collection;
import static dev.herald.query.projection.SqliteReadModel.chunks;
import static dev.herald.query.projection.SqliteReadModel.placeholders;

import dev.herald.api.Priority;
import dev.herald.api.template.TemplateRef;
import dev.herald.query.projection.SqliteReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The inbox in SQLite: a row per item in {@value InboxProjection#ITEMS} (keyed by recipient and position, so that
 * a recipient's items are stored together in inbox order; the notification id is unique), a row per recipient and
 * category in {@value InboxProjection#COUNTS}, a row per scheduled notification in {@value InboxProjection#PENDING}.
 * Listings are range scans of the indexes {@code (recipient_id, archived, position)} and
 * {@code (recipient_id, category, archived, position)}.
 *
 * <p>Counters are changed by increments ({@code unread = unread + ?}). That is safe here because the inbox
 * processor runs each batch in a transaction on this same database and stores its token in it too (the app gives
 * the processor this database's transaction manager and a JDBC token store on it): a batch's rows, its counter
 * increments and its token commit together or not at all, so a batch is applied exactly once, even across a
 * {@code kill -9}, and the counters cannot drift from the items they count.
 */
public class SqliteInboxStore implements InboxStore {

    private static final String COLUMNS = "i.notification_id, i.recipient_id, i.position, i.category, i.priority,"
            + " i.title, i.body, i.data_json, i.read, i.archived, i.created_at, t.template_key, t.template_version,"
            + " t.template_locale";
    private static final String INSERTED_COLUMNS = "notification_id, recipient_id, position, category, priority,"
            + " title, body, data_json, read, archived, created_at";
    /**
     * Which template an item or pending item was rendered from, in a table of its own keyed by notification: it was
     * added after the others, and a table created if missing needs no migration of an inbox already stored.
     */
    static final String TEMPLATES = "inbox_templates";

    private final SqliteReadModel tables;

    public SqliteInboxStore(DataSource dataSource) {
        this.tables = new SqliteReadModel(dataSource, Stream.concat(InboxProjection.DEFINITION.collections().stream(),
                                                                    Stream.of(TEMPLATES)).toList(),
                                          SqliteInboxStore::schema, SqliteInboxStore::queryIndexes);
    }

    private static List<String> schema(int version) {
        String items = collection(InboxProjection.ITEMS, version);
        String counts = collection(InboxProjection.COUNTS, version);
        String pending = collection(InboxProjection.PENDING, version);
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + items + " (recipient_id TEXT NOT NULL, position INTEGER NOT NULL,"
                + " notification_id TEXT NOT NULL, category TEXT, priority TEXT, title TEXT, body TEXT,"
                + " data_json TEXT, read INTEGER NOT NULL, archived INTEGER NOT NULL, created_at INTEGER,"
                + " PRIMARY KEY (recipient_id, position)) WITHOUT ROWID",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + items + "_by_notification ON " + items + " (notification_id)",
                "CREATE TABLE IF NOT EXISTS " + counts + " (recipient_id TEXT NOT NULL, category TEXT NOT NULL,"
                + " unread INTEGER NOT NULL, total INTEGER NOT NULL, PRIMARY KEY (recipient_id, category))"
                + " WITHOUT ROWID",
                "CREATE TABLE IF NOT EXISTS " + pending + " (notification_id TEXT NOT NULL PRIMARY KEY,"
                + " recipient_id TEXT NOT NULL, category TEXT, priority TEXT, title TEXT, body TEXT, data_json TEXT,"
                + " read INTEGER NOT NULL, archived INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + collection(TEMPLATES, version) + " (notification_id TEXT NOT NULL"
                + " PRIMARY KEY, template_key TEXT NOT NULL, template_version INTEGER NOT NULL, template_locale TEXT)"
                + " WITHOUT ROWID");
    }

    /** The listings' indexes; a batch never reads through them, so a replay builds them after its rows. */
    private static List<String> queryIndexes(int version) {
        String items = collection(InboxProjection.ITEMS, version);
        return List.of(
                "CREATE INDEX IF NOT EXISTS " + items + "_by_state ON " + items
                + " (recipient_id, archived, position)",
                "CREATE INDEX IF NOT EXISTS " + items + "_by_category ON " + items
                + " (recipient_id, category, archived, position)");
    }

    private static String itemsJoined(int version) {
        return collection(InboxProjection.ITEMS, version) + " i LEFT JOIN " + collection(TEMPLATES, version)
                + " t ON t.notification_id = i.notification_id";
    }

    @Override
    public Map<String, InboxEntry> findEntries(int version, Collection<String> notificationIds) {
        JdbcTemplate jdbc = tables.jdbc(version);
        Map<String, InboxEntry> found = new HashMap<>();
        for (List<String> chunk : chunks(notificationIds)) {
            jdbc.query("SELECT " + COLUMNS + " FROM " + itemsJoined(version)
                       + " WHERE i.notification_id IN (" + placeholders(chunk.size()) + ")",
                       row -> {
                           InboxEntry entry = entry(row);
                           found.put(entry.notificationId(), entry);
                       }, chunk.toArray());
        }
        return found;
    }

    @Override
    public Map<String, Long> newestPositions(int version, Collection<String> recipientIds) {
        JdbcTemplate jdbc = tables.jdbc(version);
        Map<String, Long> found = new HashMap<>();
        for (List<String> chunk : chunks(recipientIds)) {
            jdbc.query("SELECT recipient_id, MAX(position) FROM " + collection(InboxProjection.ITEMS, version)
                       + " WHERE recipient_id IN (" + placeholders(chunk.size()) + ") GROUP BY recipient_id",
                       row -> {
                           found.put(row.getString(1), row.getLong(2));
                       }, chunk.toArray());
        }
        return found;
    }

    @Override
    public Map<String, List<CategoryCounts>> counts(int version, Collection<String> recipientIds) {
        JdbcTemplate jdbc = tables.jdbc(version);
        Map<String, List<CategoryCounts>> found = new HashMap<>();
        for (List<String> chunk : chunks(recipientIds)) {
            jdbc.query("SELECT recipient_id, category, unread, total FROM "
                       + collection(InboxProjection.COUNTS, version)
                       + " WHERE recipient_id IN (" + placeholders(chunk.size()) + ") ORDER BY recipient_id, category",
                       row -> {
                           found.computeIfAbsent(row.getString(1), key -> new ArrayList<>())
                                   .add(new CategoryCounts(row.getString(2), row.getLong(3), row.getLong(4)));
                       }, chunk.toArray());
        }
        return found;
    }

    @Override
    public Map<String, PendingInboxEntry> findPending(int version, Collection<String> notificationIds) {
        JdbcTemplate jdbc = tables.jdbc(version);
        Map<String, PendingInboxEntry> found = new HashMap<>();
        for (List<String> chunk : chunks(notificationIds)) {
            jdbc.query("SELECT p.notification_id, p.recipient_id, p.category, p.priority, p.title, p.body,"
                       + " p.data_json, p.read, p.archived, t.template_key, t.template_version, t.template_locale"
                       + " FROM " + collection(InboxProjection.PENDING, version) + " p LEFT JOIN "
                       + collection(TEMPLATES, version) + " t ON t.notification_id = p.notification_id"
                       + " WHERE p.notification_id IN (" + placeholders(chunk.size()) + ")",
                       row -> {
                           found.put(row.getString(1), new PendingInboxEntry(
                                   row.getString(1), row.getString(2), row.getString(3), priority(row.getString(4)),
                                   row.getString(5), row.getString(6), row.getString(7), row.getBoolean(8),
                                   row.getBoolean(9), template(row, 10)));
                       }, chunk.toArray());
        }
        return found;
    }

    @Override
    public void write(int version, InboxWrites writes) {
        String items = collection(InboxProjection.ITEMS, version);
        String counts = collection(InboxProjection.COUNTS, version);
        String pending = collection(InboxProjection.PENDING, version);
        tables.write(version, jdbc -> {
            if (!writes.placed().isEmpty()) {
                jdbc.batchUpdate("INSERT INTO " + items + " (" + INSERTED_COLUMNS + ")"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 writes.placed().stream().map(SqliteInboxStore::row).toList());
                saveTemplates(jdbc, version, writes.placed().stream()
                        .filter(entry -> entry.template() != null)
                        .map(entry -> templateRow(entry.notificationId(), entry.template())).toList());
            }
            if (!writes.changed().isEmpty()) {
                jdbc.batchUpdate("UPDATE " + items + " SET read = ?, archived = ? WHERE notification_id = ?",
                                 writes.changed().stream().map(change -> new Object[] {
                                         change.after().read(), change.after().archived(),
                                         change.after().notificationId()}).toList());
            }
            List<Object[]> increments = new ArrayList<>();
            writes.countChanges().forEach((recipientId, changes) -> changes.forEach(change -> increments.add(
                    new Object[] {recipientId, change.category(), change.unread(), change.total()})));
            if (!increments.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO " + counts + " (recipient_id, category, unread, total)"
                                 + " VALUES (?, ?, ?, ?) ON CONFLICT (recipient_id, category) DO UPDATE"
                                 + " SET unread = unread + excluded.unread, total = total + excluded.total",
                                 increments);
                // A category whose items all left the counts has no row, however the batches fell.
                jdbc.batchUpdate("DELETE FROM " + counts + " WHERE recipient_id = ? AND category = ? AND unread = 0"
                                 + " AND total = 0", increments.stream()
                                         .map(increment -> new Object[] {increment[0], increment[1]}).toList());
            }
            if (!writes.pendingSaved().isEmpty()) {
                jdbc.batchUpdate("INSERT OR REPLACE INTO " + pending + " (notification_id, recipient_id, category,"
                                 + " priority, title, body, data_json, read, archived)"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 writes.pendingSaved().stream().map(entry -> new Object[] {
                                         entry.notificationId(), entry.recipientId(), entry.category(),
                                         name(entry.priority()), entry.title(), entry.body(), entry.dataJson(),
                                         entry.read(), entry.archived()}).toList());
                saveTemplates(jdbc, version, writes.pendingSaved().stream()
                        .filter(entry -> entry.template() != null)
                        .map(entry -> templateRow(entry.notificationId(), entry.template())).toList());
            }
            if (!writes.pendingGone().isEmpty()) {
                jdbc.batchUpdate("DELETE FROM " + pending + " WHERE notification_id = ?",
                                 writes.pendingGone().stream().map(id -> new Object[] {id}).toList());
            }
        });
    }

    @Override
    public List<InboxEntry> newestFirst(int version, String recipientId, InboxFilter filter, long beforePosition,
                                        int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM ")
                .append(itemsJoined(version))
                .append(" WHERE i.recipient_id = ? AND i.archived = ? AND i.position < ?");
        List<Object> arguments = new ArrayList<>(List.of(recipientId, filter.archived(), beforePosition));
        if (filter.category() != null) {
            sql.append(" AND i.category = ?");
            arguments.add(filter.category());
        }
        if (filter.unreadOnly()) {
            sql.append(" AND i.read = 0");
        }
        sql.append(" ORDER BY i.position DESC LIMIT ?");
        arguments.add(limit);
        return tables.servingJdbc(version).query(sql.toString(), (row, number) -> entry(row), arguments.toArray());
    }

    @Override
    public List<InboxEntry> placedAfter(int version, String recipientId, long afterPosition, int limit) {
        return tables.servingJdbc(version).query(
                "SELECT " + COLUMNS + " FROM " + itemsJoined(version)
                + " WHERE i.recipient_id = ? AND i.position > ? ORDER BY i.position LIMIT ?",
                (row, number) -> entry(row), recipientId, afterPosition, limit);
    }

    @Override
    public Optional<InboxEntry> findEntry(int version, String notificationId) {
        return Optional.ofNullable(findEntries(version, List.of(notificationId)).get(notificationId));
    }

    @Override
    public void drop(int version) {
        tables.drop(version);
    }

    @Override
    public void prepareToServe(int version) {
        tables.prepareToServe(version);
    }

    private static Object[] row(InboxEntry entry) {
        return new Object[] {entry.notificationId(), entry.recipientId(), entry.position(), entry.category(),
                name(entry.priority()), entry.title(), entry.body(), entry.dataJson(), entry.read(), entry.archived(),
                entry.createdAt() == null ? null : entry.createdAt().toEpochMilli()};
    }

    private static InboxEntry entry(ResultSet row) throws SQLException {
        long createdAt = row.getLong(11);
        Instant created = row.wasNull() ? null : Instant.ofEpochMilli(createdAt);
        return new InboxEntry(row.getString(1), row.getString(2), row.getLong(3), row.getString(4),
                              priority(row.getString(5)), row.getString(6), row.getString(7), row.getString(8),
                              row.getBoolean(9), row.getBoolean(10), created, template(row, 12));
    }

    private static TemplateRef template(ResultSet row, int firstColumn) throws SQLException {
        String key = row.getString(firstColumn);
        return key == null ? null
                : new TemplateRef(key, row.getInt(firstColumn + 1), row.getString(firstColumn + 2));
    }

    private static Object[] templateRow(String notificationId, TemplateRef template) {
        return new Object[] {notificationId, template.key(), template.version(), template.locale()};
    }

    /** A repeat writes the same row again: the template of a notification never changes. */
    private static void saveTemplates(JdbcTemplate jdbc, int version, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT OR REPLACE INTO " + collection(TEMPLATES, version) + " (notification_id,"
                             + " template_key, template_version, template_locale) VALUES (?, ?, ?, ?)", rows);
        }
    }

    private static String name(Priority priority) {
        return priority == null ? null : priority.name();
    }

    private static Priority priority(String name) {
        return name == null ? null : Priority.valueOf(name);
    }
}

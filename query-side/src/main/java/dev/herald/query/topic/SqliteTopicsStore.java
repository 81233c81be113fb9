package dev.herald.query.topic;

import static dev.herald.query.projection.ProjectionVersions.collection;

import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.query.projection.SqliteReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Topics in SQLite: {@value TopicsProjection#SUBSCRIBERS} holds a row per (topic, recipient), keyed in that order so
 * that a page of a topic's subscribers is a range scan of the primary key, with an index by recipient for a
 * recipient's own topics; {@value TopicsProjection#BROADCASTS} a row per broadcast, times as epoch milliseconds.
 */
public class SqliteTopicsStore implements TopicsStore {

    private final SqliteReadModel tables;

    public SqliteTopicsStore(DataSource dataSource) {
        this.tables = new SqliteReadModel(dataSource, TopicsProjection.DEFINITION.collections(), version -> List.of(
                "CREATE TABLE IF NOT EXISTS " + subscribers(version) + " (topic TEXT NOT NULL,"
                + " recipient_id TEXT NOT NULL, PRIMARY KEY (topic, recipient_id)) WITHOUT ROWID",
                "CREATE INDEX IF NOT EXISTS " + subscribers(version) + "_by_recipient ON " + subscribers(version)
                + " (recipient_id, topic)",
                "CREATE TABLE IF NOT EXISTS " + broadcasts(version) + " (broadcast_id TEXT NOT NULL PRIMARY KEY,"
                + " sender_id TEXT NOT NULL, topics TEXT NOT NULL, actor_id TEXT, done INTEGER NOT NULL,"
                + " targeted INTEGER NOT NULL, created INTEGER NOT NULL, skipped_actor INTEGER NOT NULL,"
                + " skipped_not_found INTEGER NOT NULL, skipped_rendering_failed INTEGER NOT NULL DEFAULT 0, lease_until INTEGER, started_at INTEGER NOT NULL,"
                + " completed_at INTEGER)",
                "CREATE INDEX IF NOT EXISTS " + broadcasts(version) + "_running ON " + broadcasts(version)
                + " (started_at) WHERE done = 0"));
    }

    @Override
    public void addSubscribers(int version, String topic, List<String> recipientIds) {
        List<Object[]> rows = recipientIds.stream().map(id -> new Object[] {topic, id}).toList();
        tables.write(version, jdbc -> jdbc.batchUpdate(
                "INSERT OR IGNORE INTO " + subscribers(version) + " (topic, recipient_id) VALUES (?, ?)", rows));
    }

    @Override
    public void removeSubscribers(int version, String topic, List<String> recipientIds) {
        List<Object[]> rows = recipientIds.stream().map(id -> new Object[] {topic, id}).toList();
        tables.write(version, jdbc -> jdbc.batchUpdate(
                "DELETE FROM " + subscribers(version) + " WHERE topic = ? AND recipient_id = ?", rows));
    }

    @Override
    public List<String> subscribers(int version, String topic, String after, int limit) {
        return tables.jdbc(version).queryForList(
                "SELECT recipient_id FROM " + subscribers(version) + " WHERE topic = ? AND recipient_id > ?"
                + " ORDER BY recipient_id LIMIT ?", String.class, topic, after == null ? "" : after, limit);
    }

    @Override
    public List<String> topicsOf(int version, String recipientId) {
        return tables.jdbc(version).queryForList(
                "SELECT topic FROM " + subscribers(version) + " WHERE recipient_id = ? ORDER BY topic", String.class,
                recipientId);
    }

    @Override
    public Optional<BroadcastRecord> findBroadcast(int version, String broadcastId) {
        return tables.jdbc(version).query("SELECT broadcast_id, sender_id, topics, actor_id, done, targeted, created,"
                                          + " skipped_actor, skipped_not_found, lease_until, started_at, completed_at,"
                                          + " skipped_rendering_failed"
                                          + " FROM " + broadcasts(version) + " WHERE broadcast_id = ?",
                                          (row, number) -> broadcast(row), broadcastId).stream().findFirst();
    }

    @Override
    public void saveBroadcast(int version, BroadcastRecord broadcast) {
        BroadcastCounts counts = broadcast.counts();
        tables.write(version, jdbc -> jdbc.update(
                "INSERT OR REPLACE INTO " + broadcasts(version) + " (broadcast_id, sender_id, topics, actor_id, done,"
                + " targeted, created, skipped_actor, skipped_not_found, lease_until, started_at, completed_at,"
                + " skipped_rendering_failed)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                broadcast.broadcastId(), broadcast.senderId(), String.join(",", broadcast.topics()),
                broadcast.actorId(), broadcast.done() ? 1 : 0, counts.targeted(), counts.created(),
                counts.skippedActor(), counts.skippedNotFound(), millis(broadcast.leaseUntil()),
                millis(broadcast.startedAt()), millis(broadcast.completedAt()), counts.skippedRenderingFailed()));
    }

    @Override
    public List<String> runnableBroadcasts(int version, Instant now, int limit) {
        return tables.jdbc(version).queryForList(
                "SELECT broadcast_id FROM " + broadcasts(version) + " WHERE done = 0"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY started_at LIMIT ?", String.class,
                now.toEpochMilli(), limit);
    }

    @Override
    public void drop(int version) {
        tables.drop(version);
    }

    private static BroadcastRecord broadcast(ResultSet row) throws SQLException {
        return new BroadcastRecord(row.getString(1), row.getString(2), Arrays.asList(row.getString(3).split(",")),
                                   row.getString(4), row.getInt(5) == 1,
                                   new BroadcastCounts(row.getLong(6), row.getLong(7), row.getLong(8),
                                                       row.getLong(9), row.getLong(13)),
                                   instant(row, 10), instant(row, 11), instant(row, 12));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static String subscribers(int version) {
        return collection(TopicsProjection.SUBSCRIBERS, version);
    }

    private static String broadcasts(int version) {
        return collection(TopicsProjection.BROADCASTS, version);
    }
}

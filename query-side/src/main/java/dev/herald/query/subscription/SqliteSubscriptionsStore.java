package dev.herald.query.subscription;

import static dev.herald.query.projection.ProjectionVersions.collection;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import dev.herald.query.projection.SqliteReadModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The opt-outs in SQLite, a row per recipient and category in {@value SubscriptionsProjection#COLLECTION} with the
 * channels as a comma-separated list. Saving replaces the recipient's rows in the batch's transaction.
 */
public class SqliteSubscriptionsStore implements SubscriptionsStore {

    private final SqliteReadModel tables;

    public SqliteSubscriptionsStore(DataSource dataSource) {
        this.tables = new SqliteReadModel(dataSource, SubscriptionsProjection.DEFINITION.collections(),
                                          version -> List.of(
                                                  "CREATE TABLE IF NOT EXISTS " + table(version)
                                                  + " (recipient_id TEXT NOT NULL, category TEXT NOT NULL,"
                                                  + " channels TEXT NOT NULL, PRIMARY KEY (recipient_id, category))"
                                                  + " WITHOUT ROWID"));
    }

    @Override
    public OptOuts find(int version, String recipientId) {
        List<OptOut> optOuts = tables.jdbc(version).query(
                "SELECT category, channels FROM " + table(version) + " WHERE recipient_id = ? ORDER BY category",
                (row, number) -> new OptOut(row.getString(1), Arrays.stream(row.getString(2).split(","))
                        .map(Channel::valueOf).toList()),
                recipientId);
        return OptOuts.of(optOuts);
    }

    @Override
    public void save(int version, String recipientId, OptOuts optOuts) {
        List<Object[]> rows = new ArrayList<>();
        for (OptOut optOut : optOuts.toList()) {
            rows.add(new Object[] {recipientId, optOut.category(),
                    optOut.channels().stream().map(Channel::name).collect(Collectors.joining(","))});
        }
        tables.write(version, jdbc -> {
            jdbc.update("DELETE FROM " + table(version) + " WHERE recipient_id = ?", recipientId);
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO " + table(version) + " (recipient_id, category, channels)"
                                 + " VALUES (?, ?, ?)", rows);
            }
        });
    }

    @Override
    public void drop(int version) {
        tables.drop(version);
    }

    private static String table(int version) {
        return collection(SubscriptionsProjection.COLLECTION, version);
    }
}

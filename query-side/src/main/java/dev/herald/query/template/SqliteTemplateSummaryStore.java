package dev.herald.query.template;

import static dev.herald.query.projection.ProjectionVersions.collection;

import dev.herald.api.template.TemplateSummary;
import dev.herald.query.projection.SqliteReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The template list in SQLite, a row per template in {@value TemplateListProjection#COLLECTION}. */
public class SqliteTemplateSummaryStore implements TemplateSummaryStore {

    private static final String COLUMNS = "template_key, latest_version, default_locale, locales, archived,"
            + " updated_at";

    private final SqliteReadModel tables;

    public SqliteTemplateSummaryStore(DataSource dataSource) {
        this.tables = new SqliteReadModel(dataSource, TemplateListProjection.DEFINITION.collections(),
                                          version -> List.of(
                                                  "CREATE TABLE IF NOT EXISTS " + table(version)
                                                  + " (template_key TEXT NOT NULL PRIMARY KEY,"
                                                  + " latest_version INTEGER NOT NULL, default_locale TEXT NOT NULL,"
                                                  + " locales TEXT NOT NULL, archived INTEGER NOT NULL,"
                                                  + " updated_at INTEGER) WITHOUT ROWID"));
    }

    @Override
    public Optional<TemplateSummary> find(int version, String key) {
        return tables.jdbc(version).query("SELECT " + COLUMNS + " FROM " + table(version) + " WHERE template_key = ?",
                                          (row, number) -> summary(row), key).stream().findFirst();
    }

    @Override
    public void save(int version, TemplateSummary summary) {
        tables.write(version, jdbc -> jdbc.update(
                "INSERT OR REPLACE INTO " + table(version) + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                summary.key(), summary.latestVersion(), summary.defaultLocale(), String.join(",", summary.locales()),
                summary.archived(), summary.updatedAt() == null ? null : summary.updatedAt().toEpochMilli()));
    }

    @Override
    public List<TemplateSummary> list(int version, boolean archived) {
        return tables.jdbc(version).query("SELECT " + COLUMNS + " FROM " + table(version)
                                          + " WHERE archived = ? ORDER BY template_key",
                                          (row, number) -> summary(row), archived);
    }

    @Override
    public void drop(int version) {
        tables.drop(version);
    }

    private static TemplateSummary summary(ResultSet row) throws SQLException {
        long updatedAt = row.getLong(6);
        Instant updated = row.wasNull() ? null : Instant.ofEpochMilli(updatedAt);
        return new TemplateSummary(row.getString(1), row.getInt(2), row.getString(3),
                                   Arrays.asList(row.getString(4).split(",")), row.getBoolean(5), updated);
    }

    private static String table(int version) {
        return collection(TemplateListProjection.COLLECTION, version);
    }
}

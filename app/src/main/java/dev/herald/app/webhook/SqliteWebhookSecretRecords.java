package dev.herald.app.webhook;

import dev.herald.query.SqliteReadModelConfiguration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The secrets in the embedded profile's read-model SQLite file, beside the API keys, table {@value #TABLE}. */
@Component
@Profile("!mongo & !axon-server")
class SqliteWebhookSecretRecords implements WebhookSecretRecords {

    static final String TABLE = "webhook_secrets";
    private static final String COLUMNS = "secret_id, sender_id, secret, created_at, retired_at";

    private final JdbcTemplate jdbc;

    SqliteWebhookSecretRecords(@Qualifier(SqliteReadModelConfiguration.DATA_SOURCE) DataSource readModels) {
        this.jdbc = new JdbcTemplate(readModels);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (secret_id TEXT NOT NULL PRIMARY KEY,"
                     + " sender_id TEXT NOT NULL, secret TEXT NOT NULL, created_at INTEGER NOT NULL,"
                     + " retired_at INTEGER)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_by_sender ON " + TABLE + " (sender_id, created_at)");
    }

    @Override
    public void insert(WebhookSecret secret) {
        jdbc.update("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", secret.secretId(),
                    secret.senderId(), secret.secret(), secret.createdAt().toEpochMilli(),
                    secret.retiredAt() == null ? null : secret.retiredAt().toEpochMilli());
    }

    @Override
    public List<WebhookSecret> ofSender(String senderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE sender_id = ?"
                          + " ORDER BY created_at DESC, rowid DESC", (row, number) -> secret(row), senderId);
    }

    @Override
    public boolean retire(String senderId, String secretId, Instant at) {
        jdbc.update("UPDATE " + TABLE + " SET retired_at = ? WHERE secret_id = ? AND sender_id = ?"
                    + " AND retired_at IS NULL", at.toEpochMilli(), secretId, senderId);
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE secret_id = ? AND sender_id = ?",
                                   Long.class, secretId, senderId) > 0;
    }

    private static WebhookSecret secret(ResultSet row) throws SQLException {
        long retiredAt = row.getLong(5);
        Instant retired = row.wasNull() ? null : Instant.ofEpochMilli(retiredAt);
        return new WebhookSecret(row.getString(1), row.getString(2), row.getString(3),
                                 Instant.ofEpochMilli(row.getLong(4)), retired);
    }
}

package dev.herald.app.security;

import dev.herald.app.security.ApiKeyStore.ApiKey;
import dev.herald.query.SqliteReadModelConfiguration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The keys in the embedded profile's read-model SQLite file, table {@value #TABLE}: a row per key, keyed by the
 * hash of its secret. Each change is one committed statement, durable once it returns.
 */
@Component
@Profile("!mongo & !axon-server")
class SqliteApiKeyRecords implements ApiKeyRecords {

    static final String TABLE = "api_keys";
    private static final String COLUMNS = "key_id, sender_id, name, scopes, created_at, revoked_at";

    private final JdbcTemplate jdbc;

    SqliteApiKeyRecords(@Qualifier(SqliteReadModelConfiguration.DATA_SOURCE) DataSource readModels) {
        this.jdbc = new JdbcTemplate(readModels);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (hash TEXT NOT NULL PRIMARY KEY,"
                     + " key_id TEXT NOT NULL UNIQUE, sender_id TEXT NOT NULL, name TEXT, scopes TEXT NOT NULL,"
                     + " created_at INTEGER NOT NULL, revoked_at INTEGER)");
    }

    @Override
    public Optional<ApiKey> find(String hash) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE hash = ?", (row, number) -> key(row), hash)
                .stream().findFirst();
    }

    @Override
    public void insert(String hash, ApiKey key) {
        jdbc.update("INSERT INTO " + TABLE + " (hash, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", hash,
                    key.keyId(), key.senderId(), key.name(),
                    key.scopes().stream().map(Scope::name).sorted().collect(Collectors.joining(",")),
                    key.createdAt().toEpochMilli(), key.revokedAt() == null ? null : key.revokedAt().toEpochMilli());
    }

    @Override
    public List<ApiKey> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY created_at, key_id",
                          (row, number) -> key(row));
    }

    @Override
    public boolean revoke(String keyId, Instant at) {
        jdbc.update("UPDATE " + TABLE + " SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
                    at.toEpochMilli(), keyId);
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE key_id = ?", Long.class, keyId) > 0;
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        String scopes = row.getString(4);
        Set<Scope> parsed = scopes.isEmpty() ? Set.of() : Arrays.stream(scopes.split(","))
                .map(Scope::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
        long revokedAt = row.getLong(6);
        Instant revoked = row.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
        return new ApiKey(row.getString(1), row.getString(2), row.getString(3), Set.copyOf(parsed),
                          Instant.ofEpochMilli(row.getLong(5)), revoked);
    }
}

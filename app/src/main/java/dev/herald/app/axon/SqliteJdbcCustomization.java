package dev.herald.app.axon;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * db-scheduler's SQL in SQLite's dialect: its default limits rows with {@code FETCH FIRST n ROWS ONLY}, which SQLite
 * does not parse, and SQLite has no timestamp type, so instants are stored as epoch milliseconds (the columns are
 * INTEGER), which keeps "due" a plain integer comparison on the index.
 */
class SqliteJdbcCustomization extends DefaultJdbcCustomization {

    @Override
    public String getName() {
        return "SQLite";
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    @Override
    public Instant getInstant(ResultSet resultSet, String column) throws SQLException {
        long millis = resultSet.getLong(column);
        return resultSet.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}

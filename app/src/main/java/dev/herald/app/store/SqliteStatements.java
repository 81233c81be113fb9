package dev.herald.app.store;

import static org.axonframework.common.DateTimeUtils.formatInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * SQLite forms of the five Axon statements that aggregate with {@code MIN}/{@code MAX}. On an empty result those
 * yield one row holding NULL, and SQLite's driver refuses to read a NULL as {@code Long} ("Bad value for type
 * Long"), which Axon does. Ordering by the indexed column with {@code LIMIT 1} yields no row instead, which Axon
 * reads as "none", and is just as fast (both walk the primary key or the unique index from one end).
 */
final class SqliteStatements {

    private SqliteStatements() {
    }

    static JdbcEventStorageEngine.Builder apply(JdbcEventStorageEngine.Builder builder) {
        return builder
                .createTailToken(SqliteStatements::createTailToken)
                .createHeadToken(SqliteStatements::createHeadToken)
                .createTokenAt(SqliteStatements::createTokenAt)
                .lastSequenceNumberFor(SqliteStatements::lastSequenceNumberFor)
                .fetchTrackedEvents(SqliteStatements::firstIndexAfter);
    }

    static PreparedStatement createTailToken(Connection connection, EventSchema schema) throws SQLException {
        return connection.prepareStatement("SELECT " + schema.globalIndexColumn() + " - 1 FROM "
                + schema.domainEventTable() + " ORDER BY " + schema.globalIndexColumn() + " ASC LIMIT 1");
    }

    static PreparedStatement createHeadToken(Connection connection, EventSchema schema) throws SQLException {
        return connection.prepareStatement("SELECT " + schema.globalIndexColumn() + " FROM "
                + schema.domainEventTable() + " ORDER BY " + schema.globalIndexColumn() + " DESC LIMIT 1");
    }

    static PreparedStatement createTokenAt(Connection connection, EventSchema schema, Instant at)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn()
                + " - 1 FROM " + schema.domainEventTable() + " WHERE " + schema.timestampColumn() + " >= ? ORDER BY "
                + schema.globalIndexColumn() + " ASC LIMIT 1");
        statement.setString(1, formatInstant(at));
        return statement;
    }

    static PreparedStatement lastSequenceNumberFor(Connection connection, EventSchema schema, String aggregate)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.sequenceNumberColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn()
                + " = ? ORDER BY " + schema.sequenceNumberColumn() + " DESC LIMIT 1");
        statement.setString(1, aggregate);
        return statement;
    }

    static PreparedStatement firstIndexAfter(Connection connection, EventSchema schema, long index)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ? ORDER BY "
                + schema.globalIndexColumn() + " ASC LIMIT 1");
        statement.setLong(1, index);
        return statement;
    }
}

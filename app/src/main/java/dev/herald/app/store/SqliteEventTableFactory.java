package dev.herald.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventTableFactory;

/**
 * Axon's event tables in SQLite's dialect. Axon ships no SQLite factory, and its abstract one declares the primary
 * key separately, which SQLite does not accept for an auto-increment column. {@code AUTOINCREMENT} keeps global
 * indexes strictly increasing and never reused, which the tracking processors' gap detection relies on.
 */
class SqliteEventTableFactory implements EventTableFactory {

    @Override
    public PreparedStatement createDomainEventTable(Connection connection, EventSchema schema) throws SQLException {
        return connection.prepareStatement("CREATE TABLE IF NOT EXISTS " + schema.domainEventTable() + " (\n"
                + schema.globalIndexColumn() + " INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                + schema.aggregateIdentifierColumn() + " TEXT NOT NULL,\n"
                + schema.sequenceNumberColumn() + " INTEGER NOT NULL,\n"
                + schema.typeColumn() + " TEXT,\n"
                + schema.eventIdentifierColumn() + " TEXT NOT NULL UNIQUE,\n"
                + schema.metaDataColumn() + " BLOB,\n"
                + schema.payloadColumn() + " BLOB NOT NULL,\n"
                + schema.payloadRevisionColumn() + " TEXT,\n"
                + schema.payloadTypeColumn() + " TEXT NOT NULL,\n"
                + schema.timestampColumn() + " TEXT NOT NULL,\n"
                + "UNIQUE (" + schema.aggregateIdentifierColumn() + ", " + schema.sequenceNumberColumn() + ")\n"
                + ")");
    }

    @Override
    public PreparedStatement createSnapshotEventTable(Connection connection, EventSchema schema) throws SQLException {
        return connection.prepareStatement("CREATE TABLE IF NOT EXISTS " + schema.snapshotTable() + " (\n"
                + schema.aggregateIdentifierColumn() + " TEXT NOT NULL,\n"
                + schema.sequenceNumberColumn() + " INTEGER NOT NULL,\n"
                + schema.typeColumn() + " TEXT NOT NULL,\n"
                + schema.eventIdentifierColumn() + " TEXT NOT NULL UNIQUE,\n"
                + schema.metaDataColumn() + " BLOB,\n"
                + schema.payloadColumn() + " BLOB NOT NULL,\n"
                + schema.payloadRevisionColumn() + " TEXT,\n"
                + schema.payloadTypeColumn() + " TEXT NOT NULL,\n"
                + schema.timestampColumn() + " TEXT NOT NULL,\n"
                + "PRIMARY KEY (" + schema.aggregateIdentifierColumn() + ", " + schema.sequenceNumberColumn() + ")\n"
                + ")");
    }
}

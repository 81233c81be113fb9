package dev.herald.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;

/**
 * Axon's JDBC token store, less the {@code FOR UPDATE} that SQLite does not parse. It is not needed: every transaction
 * on Herald's SQLite files that stores a token takes the file's write lock with its first statement (the delivery
 * file's {@code WriteFirstTransactionManager}, the read-model file's transactions), so no one else can change the
 * token between its read and its write.
 */
public final class SqliteTokenStore extends JdbcTokenStore {

    public SqliteTokenStore(JdbcTokenStore.Builder builder) {
        super(builder);
    }

    @Override
    protected PreparedStatement selectForUpdate(Connection connection, String processorName, int segment)
            throws SQLException {
        return select(connection, processorName, segment, false);
    }
}

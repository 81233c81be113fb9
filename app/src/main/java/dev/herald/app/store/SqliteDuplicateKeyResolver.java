package dev.herald.app.store;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells Axon when an append failed because the (aggregate, sequence) pair is taken, so that it reports a
 * concurrency conflict instead of a storage failure. SQLite's driver reports constraint violations with its own
 * result codes (and, inside a batch, only in the message), which Axon's SQL-state based resolvers do not know.
 */
class SqliteDuplicateKeyResolver implements PersistenceExceptionResolver {

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite
                    && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("UNIQUE constraint failed")
                    || message.contains("PRIMARY KEY constraint failed"))) {
                return true;
            }
        }
        return false;
    }
}

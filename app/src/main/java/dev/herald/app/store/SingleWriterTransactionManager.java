package dev.herald.app.store;

import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Transactions on an SQLite file that this process writes from several threads: each holds a fair in-process lock
 * from its begin until it completed, so a thread that waits for another's batch wakes as soon as that batch
 * committed. SQLite admits one writer at a time and its busy handler waits by sleeping for growing intervals (up
 * to 100 ms each) and retrying; a JFR profile of a replay on two threads showed a quarter of the processors' time
 * in SQLite spent starting transactions (2026-12-05). Writers that do not come through this manager (the token
 * store's own claims) still meet the busy timeout, as before.
 */
final class SingleWriterTransactionManager extends DataSourceTransactionManager {

    private final transient ReentrantLock writer = new ReentrantLock(true);

    SingleWriterTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        writer.lock();
        try {
            super.doBegin(transaction, definition);
        } catch (RuntimeException | Error e) {
            writer.unlock();
            throw e;
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            if (writer.isHeldByCurrentThread()) {
                writer.unlock();
            }
        }
    }
}

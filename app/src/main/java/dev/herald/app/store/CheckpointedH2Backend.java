package dev.herald.app.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 (MVStore) backend, committed to its file only between whole MongoDB commands.
 * <p>
 * Out of the box the MVStore commits itself in the background once a second, whatever is half done at that moment:
 * a document written to a collection's map but not yet to its {@code _id} index, say. After a {@code kill -9} Herald
 * once reopened such a file, where an upsert by {@code _id} failed for ever with "Document with key ... already
 * existed" and a projection stopped. Here the background commit is off; every command runs under a shared lock and
 * a checkpoint takes that lock exclusively, so the file always holds the state after some whole number of commands.
 * A crash still loses the writes of the last interval, which is safe for what lives here: projections store their
 * token after their writes and apply an event again idempotently.
 * <p>
 * Written by hand because the library has no such mode; it is a thin subclass around its public entry points.
 */
final class CheckpointedH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(CheckpointedH2Backend.class);

    private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();
    private final ScheduledExecutorService checkpoints;

    CheckpointedH2Backend(Path file, Duration interval) {
        super(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        checkpoints = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-read-models-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpointQuietly, interval.toMillis(), interval.toMillis(),
                                           TimeUnit.MILLISECONDS);
    }

    /** Commits the file at a point between commands. */
    void checkpoint() {
        commands.writeLock().lock();
        try {
            if (getMvStore().hasUnsavedChanges()) {
                commit();
            }
        } finally {
            commands.writeLock().unlock();
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.error("Could not commit the read-model store; will try again", e);
        }
    }

    private <T> T underLock(Supplier<T> command) {
        commands.readLock().lock();
        try {
            return command.get();
        } finally {
            commands.readLock().unlock();
        }
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return underLock(() -> super.handleCommand(channel, databaseName, command, query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return underLock(() -> super.handleMessage(message));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return underLock(() -> super.handleQuery(query));
    }

    @Override
    public void dropDatabase(String databaseName) {
        underLock(() -> {
            super.dropDatabase(databaseName);
            return null;
        });
    }

    @Override
    public void close() {
        checkpoints.shutdownNow();
        commands.writeLock().lock();
        try {
            super.close();
        } finally {
            commands.writeLock().unlock();
        }
    }
}

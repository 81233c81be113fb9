package dev.herald.app.store;

import java.util.concurrent.CompletableFuture;

/**
 * When a committed command's events are safe from a crash. A store that makes every commit durable on its own
 * (MongoDB with journaling, Axon Server) answers at once; the embedded SQLite store answers after the next group
 * sync of its write-ahead log.
 */
public interface CommitDurability {

    CommitDurability IMMEDIATE = () -> CompletableFuture.completedFuture(null);

    /** Completes once everything committed before this call is durable. */
    CompletableFuture<Void> whenDurable();
}

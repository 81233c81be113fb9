package dev.herald.app.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for SQLite in WAL mode. Each transaction commits with {@code synchronous=NORMAL}: its frames are
 * written to the write-ahead log (safe from a process crash, since they are in the OS page cache) but not
 * flushed to disk. Before a command is acknowledged it waits here for one {@code fdatasync} of the log that started
 * after its commit; every command that committed meanwhile shares that flush. SQLite flushes the log before each
 * checkpoint and the database after it, so a committed frame is always on disk in one of the two files once a
 * flush that began after its commit has returned.
 * <p>
 * Written by hand because neither SQLite (one flush per transaction with {@code synchronous=FULL}) nor Axon
 * (one transaction per command) offers a shared flush, and flushing per command costs most of the throughput.
 */
final class WalGroupSync implements CommitDurability, AutoCloseable {

    private final Path log;
    private final Path database;
    private final Object lock = new Object();
    private final Thread flusher;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private volatile boolean running = true;

    WalGroupSync(Path database) {
        this.database = database;
        this.log = database.resolveSibling(database.getFileName() + "-wal");
        this.flusher = new Thread(this::run, "herald-wal-group-sync");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public CompletableFuture<Void> whenDurable() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            if (!running) {
                durable.completeExceptionally(new IllegalStateException("event store is shutting down"));
                return durable;
            }
            waiting.add(durable);
            lock.notifyAll();
        }
        return durable;
    }

    long flushes() {
        return flushes.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    private void run() {
        while (true) {
            List<CompletableFuture<Void>> batch;
            synchronized (lock) {
                while (waiting.isEmpty() && running) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = waiting;
                waiting = new ArrayList<>();
            }
            try {
                flush();
                flushes.incrementAndGet();
                acknowledged.addAndGet(batch.size());
                batch.forEach(durable -> durable.complete(null));
            } catch (IOException | UncheckedIOException e) {
                batch.forEach(durable -> durable.completeExceptionally(e));
            }
        }
    }

    private void flush() throws IOException {
        Path target = Files.exists(log) ? log : database;
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ)) {
            channel.force(false);
        } catch (NoSuchFileException e) {
            // The log was removed by a checkpoint on close between the check and the open; the database holds all.
            try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ)) {
                channel.force(false);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        flusher.join(5_000);
    }
}

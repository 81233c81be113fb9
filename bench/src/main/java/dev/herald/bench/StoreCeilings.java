package dev.herald.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Ceiling 5a, the part that needs its own store: the event store's append rate when events come in the way commands
 * bring them (one transaction and one shared flush wait per event), measured in this process on a fresh directory
 * with no Herald running, for as many events as a send-throughput run accepted.
 */
final class StoreCeilings {

    /** {@code herald.commands.threads}' default: the threads that run command transactions. */
    static final int COMMAND_THREADS = 8;

    record AppendRun(long events, double seconds) {

        double perSecond() {
            return events / seconds;
        }
    }

    private StoreCeilings() {
    }

    static AppendRun appendLikeCommands(Path dataDir, int count, int concurrency) throws InterruptedException {
        Instant at = Instant.now();
        try (BenchEventStore store = BenchEventStore.open(dataDir)) {
            long started = System.nanoTime();
            long appended = store.appendLikeCommands(count, concurrency, COMMAND_THREADS, i -> SeedEvents
                    .notificationSent(UUID.randomUUID().toString(), HeraldInstance.recipientId(i % 10_000), at));
            return new AppendRun(appended, (System.nanoTime() - started) / 1e9);
        }
    }
}

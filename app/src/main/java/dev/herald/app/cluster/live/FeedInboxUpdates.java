package dev.herald.app.cluster.live;

import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.query.live.InboxUpdates;
import dev.herald.query.live.QueryEmitterInboxUpdates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Live inbox updates for a cluster without Axon Server (profile {@code mongo}): every node hears every update,
 * whichever node projected it.
 *
 * <p>Why a feed collection in MongoDB, tailed with short polls ({@link UpdateFeed}), rather than the alternatives:
 * <ul>
 *   <li>MongoDB change streams need a replica set; a standalone MongoDB refuses them, and mongo-java-server (the
 *       test double) offers them only with its oplog switched on, kept in an ever-growing collection. The feed works
 *       on every MongoDB-wire server Herald runs on, with inserts, range reads and deletes only, and so is tested
 *       in the build on the very code path production runs.</li>
 *   <li>A per-node processor tailing the event store cannot tell an update: an item's position in its inbox is
 *       assigned by the inbox projection on whichever node holds the recipient's segment, after the event, so a
 *       tailer would have to wait for that node's write and read it back; and on this profile each tracking query
 *       of axon-mongo's store is a scan of the events with a {@code $nin} of recent ids.</li>
 * </ul>
 *
 * <p>How an update travels: the node that projected it emits it at once to its own subscribers (through its
 * {@link QueryUpdateEmitter}, after the batch commits, as on a single node) and, once the projection's unit of work
 * has committed, queues it for the feed. One writer thread drains the queue and appends what it holds as one entry,
 * so a busy node writes fewer, larger entries. Every node polls the feed for the other nodes' entries (its own are
 * left out, as it emitted them already) and emits them to its subscribers, once each. The projection never waits
 * for the feed: the queue is bounded, and an update that does not fit, or whose write fails, is dropped, logged and
 * counted ({@code herald.live.feed.dropped}); a stream that misses one fills the gap from the read model at its
 * next item, or on reconnect with {@code Last-Event-ID}.
 *
 * <p>Every node writes whether or not any node has a subscriber: knowing who listens where would take a registry
 * of subscriptions kept as current as the feed itself, for a saving of one small insert per batch.
 */
final class FeedInboxUpdates implements InboxUpdates, SmartLifecycle {

    /** Updates per feed entry: keeps an entry far below MongoDB's 16 MB document limit with 10 KB bodies. */
    static final int MAX_UPDATES_PER_ENTRY = 200;
    private static final Logger log = LoggerFactory.getLogger(FeedInboxUpdates.class);
    private static final String AFTER_COMMIT_RESOURCE = FeedInboxUpdates.class.getName() + ".afterCommit";
    private static final Duration QUIET_LOGGING = Duration.ofMinutes(1);

    private final UpdateFeed feed;
    private final QueryEmitterInboxUpdates local;
    private final Duration pollInterval;
    private final Duration pruneInterval;
    private final Clock clock;
    private final BlockingQueue<LiveUpdate> outbox;
    private final Counter published;
    private final Counter droppedQueueFull;
    private final Counter droppedWriteFailed;
    private final Counter received;
    private final Counter pollFailures;
    private final Timer writes;
    private final Timer delay;
    private final AtomicLong lastWarning;

    private volatile boolean running;
    private Thread writer;
    private ScheduledExecutorService tailer;

    FeedInboxUpdates(UpdateFeed feed, QueryUpdateEmitter emitter, LiveFeedProperties properties,
                            MeterRegistry meters, Clock clock) {
        this.feed = feed;
        this.local = new QueryEmitterInboxUpdates(emitter);
        this.pollInterval = properties.pollInterval();
        this.pruneInterval = properties.overlap();
        this.clock = clock;
        this.lastWarning = new AtomicLong(clock.millis() - QUIET_LOGGING.toMillis());
        this.outbox = new LinkedBlockingQueue<>(properties.queueLimit());
        this.published = meters.counter("herald.live.feed.published");
        this.droppedQueueFull = meters.counter("herald.live.feed.dropped", "reason", "queue-full");
        this.droppedWriteFailed = meters.counter("herald.live.feed.dropped", "reason", "write-failed");
        this.received = meters.counter("herald.live.feed.received");
        this.pollFailures = meters.counter("herald.live.feed.poll.failures");
        this.writes = Timer.builder("herald.live.feed.write").description("time to append one feed entry")
                .register(meters);
        this.delay = Timer.builder("herald.live.feed.delay")
                .description("from a feed entry's write (by its writer's clock) to its reading on this node")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("herald.live.feed.queue", outbox, BlockingQueue::size);
    }

    @Override
    public void itemPlaced(String recipientId, InboxItem item) {
        local.itemPlaced(recipientId, item);
        publishAfterCommit(new LiveUpdate.ItemPlaced(recipientId, item));
    }

    @Override
    public void countChanged(String recipientId, UnreadCount count) {
        local.countChanged(recipientId, count);
        publishAfterCommit(new LiveUpdate.CountChanged(recipientId, count));
    }

    /** Within a unit of work (a projection batch) the updates are queued together once it has committed. */
    private void publishAfterCommit(LiveUpdate update) {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            if (root.phase().isBefore(UnitOfWork.Phase.AFTER_COMMIT)) {
                root.<List<LiveUpdate>>getOrComputeResource(AFTER_COMMIT_RESOURCE, key -> {
                    List<LiveUpdate> updates = new ArrayList<>();
                    root.afterCommit(committed -> updates.forEach(this::enqueue));
                    return updates;
                }).add(update);
                return;
            }
        }
        enqueue(update);
    }

    private void enqueue(LiveUpdate update) {
        if (!outbox.offer(update)) {
            droppedQueueFull.increment();
            warnNowAndThen("Live update feed queue is full ({} waiting); dropped an update for {}: a stream on "
                           + "another node fills the gap at its next item", outbox.size(), update.recipientId());
        }
    }

    private void writeLoop() {
        List<LiveUpdate> batch = new ArrayList<>(MAX_UPDATES_PER_ENTRY);
        while (running || !outbox.isEmpty()) {
            try {
                LiveUpdate first = outbox.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, MAX_UPDATES_PER_ENTRY - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<LiveUpdate> batch) {
        long start = System.nanoTime();
        try {
            feed.append(batch);
            published.increment(batch.size());
        } catch (RuntimeException e) {
            droppedWriteFailed.increment(batch.size());
            warnNowAndThen("Could not write {} live updates to the feed; streams on other nodes fill the gap at "
                           + "their next item or on reconnect: {}", batch.size(), e.toString());
        } finally {
            writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void pollOnce() {
        try {
            for (UpdateFeed.Entry entry : feed.poll()) {
                delay.record(Math.max(0, clock.millis() - entry.writtenAt()), TimeUnit.MILLISECONDS);
                entry.updates().forEach(update -> update.tell(local));
                received.increment(entry.updates().size());
            }
        } catch (RuntimeException e) {
            pollFailures.increment();
            warnNowAndThen("Could not read the live update feed; retrying every {}: {}", pollInterval, e.toString());
        }
    }

    private void pruneOnce() {
        try {
            feed.prune();
        } catch (RuntimeException e) {
            warnNowAndThen("Could not prune the live update feed; retrying in {}: {}", pruneInterval, e.toString());
        }
    }

    /** A feed that is down fails every batch and poll: one warning a minute says so, the counters say how much. */
    private void warnNowAndThen(String message, Object... arguments) {
        long now = clock.millis();
        long last = lastWarning.get();
        if (now - last >= QUIET_LOGGING.toMillis() && lastWarning.compareAndSet(last, now)) {
            log.warn(message, arguments);
        } else {
            log.debug(message, arguments);
        }
    }

    @Override
    public void start() {
        try {
            feed.startAtHead();
        } catch (RuntimeException e) {
            warnNowAndThen("Could not read the live update feed at start; the first poll that can will start it: {}",
                           e.toString());
        }
        running = true;
        writer = new Thread(this::writeLoop, "herald-live-feed-writer");
        writer.setDaemon(true);
        writer.start();
        tailer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "herald-live-feed-tailer");
            thread.setDaemon(true);
            return thread;
        });
        tailer.scheduleWithFixedDelay(this::pollOnce, pollInterval.toMillis(), pollInterval.toMillis(),
                                      TimeUnit.MILLISECONDS);
        tailer.scheduleWithFixedDelay(this::pruneOnce, 0, pruneInterval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Live updates: node {} shares them through the {} collection, polling every {}", feed.node(),
                 UpdateFeed.COLLECTION, pollInterval);
    }

    /** Writes what is still queued (for a few seconds at most), then stops reading. */
    @Override
    public void stop() {
        running = false;
        tailer.shutdownNow();
        try {
            writer.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server serves streams and stops after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}

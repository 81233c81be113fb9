package dev.herald.app.store;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.io.IOUtils;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's embedded event store whose streams announce new events, so that a pooled processor that has caught up is
 * woken by the next append instead of looking again on a timer.
 * <p>
 * Axon's {@link EmbeddedEventStore} already fetches new events into a cache its streams share right after each
 * local commit, but its streams do not support {@link BlockingStream#setOnAvailableCallback}. A pooled processor's
 * coordinator then falls back to a fixed 500 ms poll of its stream, so an idle send waited 0 to 500 ms before a
 * projection saw it. Here one announcer thread follows that cache at its head and, whenever events enter it, runs
 * the callbacks of every open stream. By then the events are in the cache (or, for a stream still reading the store
 * behind it, committed), so the woken processor finds them.
 * <p>
 * Events appended by another process enter the cache at the store's next fetch, every {@code fetchDelay}: that is
 * the poll that remains, and the announcer wakes the processors for them the same way. A pooled processor whose
 * stream announces also looks again by itself, every claim extension threshold or token claim interval, whichever
 * is shorter (5 s with Axon's defaults).
 */
final class AnnouncingEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(AnnouncingEventStore.class);
    private static final int MAX_EVENTS_PER_ANNOUNCEMENT = 1_000;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final Set<AnnouncedStream> listening = ConcurrentHashMap.newKeySet();
    private final Thread announcer;
    private volatile boolean shutDown;

    private AnnouncingEventStore(Builder builder) {
        super(builder);
        // Follows the store from its head as it is now, before any processor opens a stream: every event appended
        // after a processor's stream was opened is then announced.
        TrackingEventStream head = followHead();
        announcer = new Thread(() -> announce(head), "herald-event-announcer");
        announcer.setDaemon(true);
    }

    /** @param builder Axon's builder for the embedded store, fully configured */
    static AnnouncingEventStore of(Builder builder) {
        AnnouncingEventStore store = new AnnouncingEventStore(builder);
        store.announcer.start();
        return store;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new AnnouncedStream(super.openStream(trackingToken));
    }

    @Override
    public void shutDown() {
        shutDown = true;
        announcer.interrupt();
        listening.clear();
        super.shutDown();
    }

    /** How many open streams have a callback to run; for tests. */
    int listeningStreams() {
        return listening.size();
    }

    private void announce(TrackingEventStream first) {
        TrackingEventStream head = first;
        while (!shutDown) {
            try {
                if (head == null) {
                    head = followHead();
                }
                if (head.hasNextAvailable(1, TimeUnit.SECONDS)) {
                    for (int i = 0; i < MAX_EVENTS_PER_ANNOUNCEMENT && head.hasNextAvailable(); i++) {
                        head.nextAvailable();
                    }
                    listening.forEach(AnnouncedStream::announce);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // Until the announcer follows the store again, each processor looks by itself every claim extension
                // threshold (Axon's default: 5 s), also for events appended meanwhile that it was not told of.
                log.warn("Could not follow the event store to wake the event processors; retrying", e);
                IOUtils.closeQuietly(head);
                head = null;
                if (!pause()) {
                    break;
                }
            }
        }
        IOUtils.closeQuietly(head);
    }

    /**
     * A stream at the store's head that already reads the shared cache. Axon's stream starts on a private read of the
     * store and moves to the cache only once that read comes up empty, at its first look. Looking once here, before
     * the stream is followed, means every event the announcer sees came through the cache, where a woken processor's
     * stream will find it too. Had the announcer's first look been left to its thread, an event appended meanwhile
     * was announced from the private read while the cache did not hold it yet, and the woken processor found nothing
     * until its own next look (seen in {@code AnnouncingEventStoreTest} under CPU load, 4 runs in 300).
     */
    private TrackingEventStream followHead() {
        TrackingEventStream head = super.openStream(createHeadToken());
        try {
            head.hasNextAvailable();
        } catch (RuntimeException e) {
            IOUtils.closeQuietly(head);
            throw e;
        }
        return head;
    }

    private static boolean pause() {
        try {
            Thread.sleep(RETRY_AFTER_FAILURE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One of Axon's streams of this store, plus the callback its processor asked to have run on new events. */
    private final class AnnouncedStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private volatile Runnable onAvailable;

        private AnnouncedStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            onAvailable = callback;
            listening.add(this);
            return true;
        }

        private void announce() {
            Runnable callback = onAvailable;
            if (callback == null) {
                return;
            }
            try {
                callback.run();
            } catch (RuntimeException e) {
                // A processor shutting down refuses new work; the other streams must still hear of the events.
                log.debug("A stream's callback failed; the processor is probably stopping", e);
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            listening.remove(this);
            delegate.close();
        }
    }
}

package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue and a fixed set of worker threads per channel, so that a slow provider holds up only its own
 * channel. Each queue hands out HIGH before NORMAL before LOW priority, oldest first within a priority.
 */
public final class PriorityDeliveryDispatcher implements DeliveryDispatcher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PriorityDeliveryDispatcher.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** How soon an idle worker notices that the dispatcher was closed. */
    private static final long IDLE_POLL_MILLIS = 250;
    private static final Comparator<Queued> ORDER = Comparator.<Queued, Integer>comparing(
            queued -> queued.task().priority().ordinal()).thenComparingLong(Queued::sequence);

    private final Map<Channel, Lane> lanes = new EnumMap<>(Channel.class);
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;
    private volatile boolean closed;

    /**
     * @param work runs one attempt on a worker thread; it is told when the attempt was queued, so that it can drop
     *             one that waited so long that the saga's watchdog has given up on it
     */
    public PriorityDeliveryDispatcher(Set<Channel> channels, int threadsPerChannel, int queueCapacity, Clock clock,
                                      BiConsumer<DeliveryTask, Instant> work) {
        this.clock = clock;
        for (Channel channel : channels) {
            lanes.put(channel, new Lane(channel, threadsPerChannel, queueCapacity, work));
        }
        lanes.values().forEach(Lane::start);
    }

    private record Queued(DeliveryTask task, long sequence, Instant queuedAt) {
    }

    @Override
    public boolean dispatch(DeliveryTask task) {
        Lane lane = lanes.get(task.channel());
        if (lane == null) {
            throw new IllegalArgumentException("no delivery workers for channel " + task.channel());
        }
        return !closed && lane.offer(new Queued(task, sequence.getAndIncrement(), clock.instant()));
    }

    /** Stops taking attempts, lets running ones finish for a while, then interrupts them; queued ones are dropped. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (Lane lane : lanes.values()) {
            lane.stop(deadline);
        }
    }

    private final class Lane {

        private final PriorityBlockingQueue<Queued> queue = new PriorityBlockingQueue<>(64, ORDER);
        private final AtomicInteger size = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private final int capacity;
        private final BiConsumer<DeliveryTask, Instant> work;

        Lane(Channel channel, int threadCount, int capacity, BiConsumer<DeliveryTask, Instant> work) {
            this.capacity = capacity;
            this.work = work;
            for (int i = 1; i <= threadCount; i++) {
                Thread thread = new Thread(this::run, "herald-delivery-" + channel.name().toLowerCase(Locale.ROOT)
                        + "-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        boolean offer(Queued queued) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                return false;
            }
            queue.add(queued);
            return true;
        }

        private void run() {
            while (!closed) {
                Queued queued;
                try {
                    queued = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (queued == null) {
                    continue;
                }
                size.decrementAndGet();
                try {
                    work.accept(queued.task(), queued.queuedAt());
                } catch (RuntimeException e) {
                    log.error("Delivery attempt {} of {} on {} failed unexpectedly; its watchdog will retry it",
                              queued.task().attempt(), queued.task().notificationId(), queued.task().channel(), e);
                }
            }
        }

        void stop(long deadlineNanos) throws InterruptedException {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
                thread.interrupt();
            }
        }
    }
}

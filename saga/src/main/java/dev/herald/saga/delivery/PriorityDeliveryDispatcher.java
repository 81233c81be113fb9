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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue and a fixed set of worker threads per channel, so that a slow provider holds up only its own
 * channel. Each queue hands out HIGH before NORMAL before LOW priority, oldest first within a priority.
 *
 * <p>A worker takes an attempt off the queue only once the channel can make a provider call ({@link Work#awaitTurn}):
 * while a provider is at its send rate the attempts wait in the queue, not on the workers, so that the queue's order
 * decides which goes next when room comes, and a HIGH attempt queued behind a backlog of NORMAL ones still goes first.
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
    private final DeliveryMetrics metrics;
    private volatile boolean closed;

    /** What the workers do: wait for the channel's turn to make a provider call, then make it for one attempt. */
    public interface Work {

        /**
         * Waits up to {@code atMost} until the channel can make one more provider call and reserves it.
         *
         * @return null when it could not in time; nothing is reserved then
         */
        Turn awaitTurn(Channel channel, Duration atMost) throws InterruptedException;

        /** Whether the channel's turns may have to wait for a provider's send rate. */
        boolean hasSendRate(Channel channel);

        /** Work whose channels never wait: every turn comes at once and runs {@code attempt}. */
        static Work unlimited(BiConsumer<DeliveryTask, Instant> attempt) {
            Turn turn = new Turn() {
                @Override
                public void run(DeliveryTask task, Instant queuedAt) {
                    attempt.accept(task, queuedAt);
                }

                @Override
                public void abandon() {
                }
            };
            return new Work() {
                @Override
                public Turn awaitTurn(Channel channel, Duration atMost) {
                    return turn;
                }

                @Override
                public boolean hasSendRate(Channel channel) {
                    return false;
                }
            };
        }
    }

    /** A reserved provider call: runs exactly one attempt, or is abandoned. */
    public interface Turn {

        /**
         * Runs the attempt; it is told when the attempt was queued, so that it can drop one that waited so long that
         * the saga's watchdog has given up on it.
         */
        void run(DeliveryTask task, Instant queuedAt);

        /** Gives the reservation back unused. */
        void abandon();
    }

    public PriorityDeliveryDispatcher(Set<Channel> channels, int threadsPerChannel, int queueCapacity, Clock clock,
                                      DeliveryMetrics metrics, Work work) {
        this.clock = clock;
        this.metrics = metrics;
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

        private final Channel channel;
        private final PriorityBlockingQueue<Queued> queue = new PriorityBlockingQueue<>(64, ORDER);
        /** Attempts queued; {@link #unclaimed} are those no worker has reserved yet. */
        private final AtomicInteger size = new AtomicInteger();
        private final Semaphore unclaimed = new Semaphore(0);
        private final AtomicInteger waitingForRoom = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private final int capacity;
        private final Work work;
        private final boolean hasSendRate;

        Lane(Channel channel, int threadCount, int capacity, Work work) {
            this.channel = channel;
            this.capacity = capacity;
            this.work = work;
            this.hasSendRate = work.hasSendRate(channel);
            metrics.registerRateWaiting(channel, () -> waitingForRoom.get() > 0 ? size.get() : 0);
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
            unclaimed.release();
            return true;
        }

        /**
         * Claims a queued attempt without taking it, waits for the channel's turn, and only then takes the queue's
         * first attempt, which is the most urgent one at that moment rather than the one that was first when the
         * wait began.
         */
        private void run() {
            while (!closed) {
                try {
                    if (!unclaimed.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    Turn turn = work.awaitTurn(channel, Duration.ZERO);
                    boolean waited = turn == null;
                    if (waited) {
                        waitingForRoom.incrementAndGet();
                        try {
                            while (turn == null && !closed) {
                                turn = work.awaitTurn(channel, Duration.ofMillis(IDLE_POLL_MILLIS));
                            }
                        } finally {
                            waitingForRoom.decrementAndGet();
                        }
                    }
                    if (turn == null) {
                        return;
                    }
                    if (closed) {
                        turn.abandon();
                        return;
                    }
                    Queued queued = queue.poll();
                    size.decrementAndGet();
                    if (hasSendRate) {
                        metrics.rateWaited(channel, Duration.between(queued.queuedAt(), clock.instant()));
                    }
                    perform(turn, queued);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void perform(Turn turn, Queued queued) {
            try {
                turn.run(queued.task(), queued.queuedAt());
            } catch (RuntimeException e) {
                log.error("Delivery attempt {} of {} on {} failed unexpectedly; its watchdog will retry it",
                          queued.task().attempt(), queued.task().notificationId(), queued.task().channel(), e);
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

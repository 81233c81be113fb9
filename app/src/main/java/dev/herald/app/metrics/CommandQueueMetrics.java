package dev.herald.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command workers' queue: {@code herald.commands.queued} (waiting for a thread), {@code herald.commands.active}
 * (being handled), {@code herald.commands.queue.capacity} and {@code herald.commands.rejected} (refused because the
 * queue was full, each answered 503). Micrometer's {@code ExecutorServiceMetrics} names its meters
 * {@code executor.*} and does not count rejections, which is the one an operator alerts on.
 */
public final class CommandQueueMetrics implements MeterBinder {

    private final ThreadPoolExecutor executor;
    private final CountingRejections rejections;

    /** @param executor an executor built with {@link CountingRejections} as its rejection handler */
    public CommandQueueMetrics(ThreadPoolExecutor executor) {
        if (!(executor.getRejectedExecutionHandler() instanceof CountingRejections counting)) {
            throw new IllegalArgumentException("the command executor must count its rejections");
        }
        this.executor = executor;
        this.rejections = counting;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("herald.commands.queued", executor, pool -> pool.getQueue().size())
                .description("Commands waiting for a worker thread").register(registry);
        Gauge.builder("herald.commands.active", executor, ThreadPoolExecutor::getActiveCount)
                .description("Commands being handled").register(registry);
        Gauge.builder("herald.commands.queue.capacity", executor,
                      pool -> pool.getQueue().size() + pool.getQueue().remainingCapacity())
                .description("Commands that may wait before new ones are refused").register(registry);
        FunctionCounter.builder("herald.commands.rejected", rejections, CountingRejections::count)
                .description("Commands refused because the queue was full (answered 503)").register(registry);
    }

    /** Refuses like {@link ThreadPoolExecutor.AbortPolicy}, and counts. */
    public static final class CountingRejections implements RejectedExecutionHandler {

        private final AtomicLong count = new AtomicLong();

        @Override
        public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
            count.incrementAndGet();
            throw new RejectedExecutionException("the command queue is full (" + executor.getQueue().size()
                                                 + " waiting)");
        }

        long count() {
            return count.get();
        }
    }
}

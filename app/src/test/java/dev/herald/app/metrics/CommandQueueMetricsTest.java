package dev.herald.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.app.metrics.CommandQueueMetrics.CountingRejections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandQueueMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(2), new CountingRejections());
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    @Test
    void aFullQueueRefusesTheCommandAndCountsTheRefusal() {
        new CommandQueueMetrics(executor).bindTo(meters);
        assertThat(gauge("herald.commands.queue.capacity")).isEqualTo(2);

        executor.execute(this::holdTheWorker);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("herald.commands.active") == 1);
        executor.execute(this::holdTheWorker);
        executor.execute(this::holdTheWorker);
        assertThat(gauge("herald.commands.queued")).isEqualTo(2);
        assertThat(gauge("herald.commands.queue.capacity")).isEqualTo(2);
        assertThat(meters.get("herald.commands.rejected").functionCounter().count()).isZero();

        assertThatThrownBy(() -> executor.execute(this::holdTheWorker))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(meters.get("herald.commands.rejected").functionCounter().count()).isEqualTo(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("herald.commands.queued") == 0
                                                           && gauge("herald.commands.active") == 0);
    }

    @Test
    void anExecutorThatDoesNotCountRefusalsIsNotAccepted() {
        ThreadPoolExecutor plain = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(1));
        try {
            assertThatThrownBy(() -> new CommandQueueMetrics(plain)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            plain.shutdownNow();
        }
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private void holdTheWorker() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.herald.saga.delivery;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PriorityDeliveryDispatcherTest {

    private static final DeliveryMetrics METRICS = new DeliveryMetrics(new SimpleMeterRegistry());
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch blockerRunning = new CountDownLatch(1);
    private final CountDownLatch releaseBlocker = new CountDownLatch(1);
    private PriorityDeliveryDispatcher dispatcher;

    /** Records each task; the one named "blocker" holds the lane's only thread until released. */
    private final BiConsumer<DeliveryTask, Instant> work = (task, queuedAt) -> {
        ran.add(task.notificationId());
        if (task.notificationId().equals("blocker")) {
            blockerRunning.countDown();
            try {
                releaseBlocker.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    };

    private static DeliveryTask task(String name, Channel channel, Priority priority) {
        return new DeliveryTask(name, channel, 1, priority, Instant.MAX);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        releaseBlocker.countDown();
        dispatcher.close();
    }

    @Test
    void highPriorityRunsBeforeAQueuedBacklogOfLow() throws Exception {
        dispatcher = new PriorityDeliveryDispatcher(Set.of(EMAIL), 1, 100, Clock.systemUTC(), METRICS, PriorityDeliveryDispatcher.Work.unlimited(work));
        dispatcher.dispatch(task("blocker", EMAIL, Priority.LOW));
        assertThat(blockerRunning.await(5, TimeUnit.SECONDS)).isTrue();

        for (int i = 1; i <= 3; i++) {
            assertThat(dispatcher.dispatch(task("low-" + i, EMAIL, Priority.LOW))).isTrue();
        }
        dispatcher.dispatch(task("normal-1", EMAIL, Priority.NORMAL));
        dispatcher.dispatch(task("high-1", EMAIL, Priority.HIGH));
        dispatcher.dispatch(task("normal-2", EMAIL, Priority.NORMAL));
        dispatcher.dispatch(task("high-2", EMAIL, Priority.HIGH));
        releaseBlocker.countDown();

        awaitRan(8);
        assertThat(ran).containsExactly("blocker", "high-1", "high-2", "normal-1", "normal-2", "low-1", "low-2",
                                        "low-3");
    }

    /**
     * While the channel has no room (its provider is at its send rate) no attempt leaves the queue, so when room comes
     * the queue's order decides: a HIGH attempt queued after a backlog of NORMAL ones goes first.
     */
    @Test
    void atTheCapAttemptsWaitInTheQueueAndHighPriorityGoesFirstWhenRoomComes() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Semaphore room = new Semaphore(0);
        PriorityDeliveryDispatcher.Work capped = new PriorityDeliveryDispatcher.Work() {
            @Override
            public PriorityDeliveryDispatcher.Turn awaitTurn(Channel channel, Duration atMost)
                    throws InterruptedException {
                if (!room.tryAcquire(atMost.toNanos(), TimeUnit.NANOSECONDS)) {
                    return null;
                }
                return PriorityDeliveryDispatcher.Work.unlimited(work).awaitTurn(channel, atMost);
            }

            @Override
            public boolean hasSendRate(Channel channel) {
                return true;
            }
        };
        dispatcher = new PriorityDeliveryDispatcher(Set.of(SMS), 1, 100, Clock.systemUTC(),
                                                    new DeliveryMetrics(meters), capped);
        for (int i = 1; i <= 5; i++) {
            dispatcher.dispatch(task("normal-" + i, SMS, Priority.NORMAL));
        }
        dispatcher.dispatch(task("low-1", SMS, Priority.LOW));
        dispatcher.dispatch(task("high-1", SMS, Priority.HIGH));
        await().until(() -> meters.get(DeliveryMetrics.RATE_WAITING).gauge().value() == 7);
        assertThat(ran).isEmpty();

        room.release(7);

        awaitRan(7);
        assertThat(ran).containsExactly("high-1", "normal-1", "normal-2", "normal-3", "normal-4", "normal-5",
                                        "low-1");
        assertThat(meters.get(DeliveryMetrics.RATE_WAIT).timer().count()).isEqualTo(7);
        assertThat(meters.get(DeliveryMetrics.RATE_WAITING).gauge().value()).isZero();
    }

    @Test
    void slowChannelDoesNotHoldUpAnother() throws Exception {
        dispatcher = new PriorityDeliveryDispatcher(Set.of(EMAIL, SMS), 1, 100, Clock.systemUTC(), METRICS, PriorityDeliveryDispatcher.Work.unlimited(work));
        dispatcher.dispatch(task("blocker", EMAIL, Priority.HIGH));
        assertThat(blockerRunning.await(5, TimeUnit.SECONDS)).isTrue();

        dispatcher.dispatch(task("sms", SMS, Priority.LOW));

        awaitRan(2);
        assertThat(ran).containsExactly("blocker", "sms");
    }

    @Test
    void fullQueueRefusesMoreWork() throws Exception {
        dispatcher = new PriorityDeliveryDispatcher(Set.of(EMAIL), 1, 2, Clock.systemUTC(), METRICS, PriorityDeliveryDispatcher.Work.unlimited(work));
        dispatcher.dispatch(task("blocker", EMAIL, Priority.HIGH));
        assertThat(blockerRunning.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(dispatcher.dispatch(task("queued-1", EMAIL, Priority.LOW))).isTrue();
        assertThat(dispatcher.dispatch(task("queued-2", EMAIL, Priority.LOW))).isTrue();
        assertThat(dispatcher.dispatch(task("refused", EMAIL, Priority.HIGH))).isFalse();
        releaseBlocker.countDown();

        awaitRan(3);
        assertThat(ran).containsExactly("blocker", "queued-1", "queued-2");
    }

    @Test
    void channelWithoutWorkersIsRefused() {
        dispatcher = new PriorityDeliveryDispatcher(Set.of(EMAIL), 1, 2, Clock.systemUTC(), METRICS, PriorityDeliveryDispatcher.Work.unlimited(work));

        assertThatThrownBy(() -> dispatcher.dispatch(task("in-app", Channel.IN_APP, Priority.HIGH)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedDispatcherTakesNoMoreWork() throws Exception {
        dispatcher = new PriorityDeliveryDispatcher(Set.of(EMAIL), 1, 2, Clock.systemUTC(), METRICS, PriorityDeliveryDispatcher.Work.unlimited(work));
        dispatcher.close();

        assertThat(dispatcher.dispatch(task("late", EMAIL, Priority.HIGH))).isFalse();
    }

    /** Waits until {@code count} tasks ran, then until no further task ran for 50 ms. */
    private void awaitRan(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() >= count);
        await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> ran.size() == count);
    }
}

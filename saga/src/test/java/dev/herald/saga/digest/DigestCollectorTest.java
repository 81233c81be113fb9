package dev.herald.saga.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.digest.CollectDigestItemCommand;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.notification.NotificationSentEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch of the collector moves its token only once every item command it sent has committed. The processor
 * stores its token first thing when the batch prepares to commit (registered here the same way, before the batch is
 * handled); the digest commands run on other threads and take their time, as on the command workers.
 */
class DigestCollectorTest {

    private static final CommandTimeout TIMEOUT = new CommandTimeout(Duration.ofSeconds(30));

    private final ExecutorService commandWorkers = Executors.newFixedThreadPool(4);
    private final List<String> happened = new CopyOnWriteArrayList<>();
    private final CountDownLatch lastEventHandled = new CountDownLatch(1);

    @AfterEach
    void stop() {
        commandWorkers.shutdownNow();
    }

    @Test
    void everyItemCommandOfABatchCommitsBeforeItsTokenIsStored() throws Exception {
        DigestCollector collector = new DigestCollector(gateway(false), TIMEOUT);
        runBatch(collector, List.of(sent("n-1"), sent("n-2"), sent("n-3")));

        assertThat(happened).hasSize(4).endsWith("token stored")
                .containsExactlyInAnyOrder("collected n-1", "collected n-2", "collected n-3", "token stored");
    }

    @Test
    void aFailedItemCommandFailsTheBatchBeforeItsTokenIsStored() {
        DigestCollector collector = new DigestCollector(gateway(true), TIMEOUT);

        assertThatThrownBy(() -> runBatch(collector, List.of(sent("n-1"), sent("n-2"))))
                .hasMessageContaining("event store unavailable");
        assertThat(happened).doesNotContain("token stored");
    }

    private void runBatch(DigestCollector collector, List<NotificationSentEvent> events) throws Exception {
        List<EventMessage<?>> messages = events.stream()
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        batch.onPrepareCommit(unitOfWork -> happened.add("token stored"));
        MessageHandlerInterceptor<EventMessage<?>> interceptor = DigestCollector.awaitAfterLastEvent(TIMEOUT);
        // Handles each event in turn, then commits, or rolls back on a failure and answers with it.
        ResultMessage<?> result = batch.executeWithResult(() -> interceptor.handle(batch, () -> {
            collector.on((NotificationSentEvent) batch.getMessage().getPayload(), Instant.EPOCH);
            if (batch.isLastMessage()) {
                lastEventHandled.countDown();
            }
            return null;
        }));
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
    }

    /** Commands run on other threads and end only after the batch handled its last event, like group-synced commits. */
    private DefaultCommandGateway gateway(boolean failing) {
        CommandBus bus = AsynchronousCommandBus.builder().executor(commandWorkers).build();
        bus.subscribe(CollectDigestItemCommand.class.getName(), command -> {
            // Still running when the batch's last event has been handled, as a command waiting for its group sync.
            assertThat(lastEventHandled.await(30, TimeUnit.SECONDS)).isTrue();
            CollectDigestItemCommand collect = (CollectDigestItemCommand) command.getPayload();
            if (failing) {
                throw new IllegalStateException("event store unavailable");
            }
            happened.add("collected " + collect.item().notificationId());
            return null;
        });
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    private static NotificationSentEvent sent(String notificationId) {
        return new NotificationSentEvent(notificationId, "sender", "dana", "news", Priority.NORMAL,
                                         Set.of(Channel.EMAIL), Map.of(Channel.EMAIL, SkipReason.DIGESTED), "title",
                                         "body", Map.of(), null, null, null, null, null, null,
                                         new DigestRequest("k0", "PT3S"));
    }
}

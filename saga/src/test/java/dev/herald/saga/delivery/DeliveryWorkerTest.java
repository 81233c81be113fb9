package dev.herald.saga.delivery;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.saga.SagaTestMessages.CREATED_AT;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.sent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.Priority;
import dev.herald.api.notification.RecordDeliveryAttemptFailedCommand;
import dev.herald.api.notification.RecordDeliveryAttemptStartedCommand;
import dev.herald.api.notification.RecordDeliverySucceededCommand;
import dev.herald.saga.DeliveryProperties;
import dev.herald.saga.channel.ChannelAdapter;
import dev.herald.saga.channel.ChannelProviders;
import dev.herald.saga.channel.DeliveryOutcome;
import dev.herald.saga.channel.DeliveryRequest;
import dev.herald.saga.channel.RateCap;
import dev.herald.saga.delivery.NotificationContents.SentNotification;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

class DeliveryWorkerTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:01:00Z");
    private static final String RELAY = "relay-1";
    private static final Duration MAX_QUEUE_WAIT = Duration.ofMinutes(2);
    private static final DeliveryTask TASK = new DeliveryTask(NOTIFICATION_ID, EMAIL, 2, Priority.HIGH,
                                                              NOW.plus(Duration.ofMinutes(29)));

    private final RecordingCommandBus commandBus = new RecordingCommandBus();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScriptedAdapter adapter = new ScriptedAdapter();
    private final RetryPolicy policy = new RetryPolicy(
            new DeliveryProperties.Retry(8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30),
                                         Map.of()),
            Duration.ofMinutes(3), bound -> bound);
    private final DeliveryWorker worker = new DeliveryWorker(
            List.of(ChannelProviders.single(adapter, RELAY, CircuitBreaker.ofDefaults("email." + RELAY))),
            id -> Optional.of(new SentNotification(sent(EMAIL), CREATED_AT)),
            DefaultCommandGateway.builder().commandBus(commandBus).build(), new CommandTimeout(Duration.ofSeconds(10)),
            policy, new DeliveryMetrics(meters), MAX_QUEUE_WAIT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static final class ScriptedAdapter implements ChannelAdapter {

        final List<DeliveryRequest> requests = new ArrayList<>();
        DeliveryOutcome outcome = DeliveryOutcome.delivered();
        RuntimeException failure;

        @Override
        public Channel channel() {
            return EMAIL;
        }

        @Override
        public DeliveryOutcome deliver(DeliveryRequest request) {
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }
    }

    private List<Object> commands() {
        return commandBus.getDispatchedCommands().stream().<Object>map(CommandMessage::getPayload).toList();
    }

    private double attempts(String outcome) {
        return meters.counter(DeliveryMetrics.ATTEMPTS, "channel", "email", "outcome", outcome).count();
    }

    private void perform(Instant queuedAt) {
        try {
            worker.awaitTurn(EMAIL, Duration.ZERO).run(TASK, queuedAt);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordsTheStartThenDeliversThenRecordsSuccess() {
        perform(NOW);

        assertThat(commands()).containsExactly(
                new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 2, RELAY),
                new RecordDeliverySucceededCommand(NOTIFICATION_ID, EMAIL, 2, RELAY));
        assertThat(adapter.requests).singleElement().satisfies(request -> {
            assertThat(request.attempt()).isEqualTo(2);
            assertThat(request.createdAt()).isEqualTo(CREATED_AT);
            assertThat(request.idempotencyKey()).isEqualTo(NOTIFICATION_ID + ":EMAIL");
        });
        assertThat(attempts("sent")).isEqualTo(1);
        assertThat(attempts("delivered")).isEqualTo(1);
        assertThat(meters.timer(DeliveryMetrics.DURATION, "channel", "email").count()).isEqualTo(1);
    }

    @Test
    void retryableFailureNamesItsNextAttempt() {
        adapter.outcome = DeliveryOutcome.retryable("HTTP 503");

        perform(NOW);

        assertThat(commands()).last().isEqualTo(new RecordDeliveryAttemptFailedCommand(
                NOTIFICATION_ID, EMAIL, 2, "HTTP 503", true, NOW.plusSeconds(20), RELAY));
        assertThat(attempts("retried")).isEqualTo(1);
    }

    @Test
    void providersRetryAfterBecomesTheNextAttemptTime() {
        adapter.outcome = DeliveryOutcome.retryable("HTTP 429", Duration.ofSeconds(75));

        perform(NOW);

        assertThat(commands()).last().isEqualTo(new RecordDeliveryAttemptFailedCommand(
                NOTIFICATION_ID, EMAIL, 2, "HTTP 429", true, NOW.plusSeconds(75), RELAY));
    }

    @Test
    void permanentFailureNamesNoNextAttempt() {
        adapter.outcome = DeliveryOutcome.permanent("SMTP 550: no such user");

        perform(NOW);

        assertThat(commands()).last().isEqualTo(new RecordDeliveryAttemptFailedCommand(
                NOTIFICATION_ID, EMAIL, 2, "SMTP 550: no such user", false, null, RELAY));
        assertThat(attempts("failed")).isEqualTo(1);
    }

    @Test
    void adapterThatThrowsCountsAsRetryableFailure() {
        adapter.failure = new IllegalStateException("boom");

        perform(NOW);

        assertThat(commands()).last().isInstanceOfSatisfying(RecordDeliveryAttemptFailedCommand.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.error()).contains("boom");
            assertThat(failed.nextAttemptAt()).isEqualTo(NOW.plusSeconds(20));
        });
    }

    @Test
    void attemptRefusedByTheAggregateIsNotMade() {
        commandBus.setCallbackBehavior((payload, metaData) ->
                payload instanceof RecordDeliveryAttemptStartedCommand ? Boolean.FALSE : null);

        perform(NOW);

        assertThat(adapter.requests).isEmpty();
        assertThat(commands()).containsExactly(
                new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 2, RELAY));
        assertThat(attempts("skipped")).isEqualTo(1);
    }

    @Test
    void attemptWhoseStartCannotBeRecordedIsNotMade() {
        commandBus.setCallbackBehavior((payload, metaData) -> {
            throw new IllegalStateException("aggregate unavailable");
        });

        perform(NOW);

        assertThat(adapter.requests).isEmpty();
        assertThat(commands()).hasSize(1);
    }

    /** Old behaviour: the capped attempt failed "at its rate limit" and was retried later, using up an attempt. */
    @Test
    void waitingForTheProvidersCapRecordsNothingAndUsesNoAttempt() throws InterruptedException {
        DeliveryWorker capped = new DeliveryWorker(
                List.of(ChannelProviders.single(adapter, RELAY, CircuitBreaker.ofDefaults("email." + RELAY),
                                                new RateCap(1, Duration.ofHours(1), Duration.ZERO))),
                id -> Optional.of(new SentNotification(sent(EMAIL), CREATED_AT)),
                DefaultCommandGateway.builder().commandBus(commandBus).build(),
                new CommandTimeout(Duration.ofSeconds(10)), policy, new DeliveryMetrics(meters), MAX_QUEUE_WAIT,
                Clock.fixed(NOW, ZoneOffset.UTC));
        capped.awaitTurn(EMAIL, Duration.ZERO).run(TASK, NOW);
        List<Object> firstAttempt = commands();

        assertThat(capped.awaitTurn(EMAIL, Duration.ofMillis(50))).isNull();

        assertThat(commands()).isEqualTo(firstAttempt).containsExactly(
                new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 2, RELAY),
                new RecordDeliverySucceededCommand(NOTIFICATION_ID, EMAIL, 2, RELAY));
        assertThat(adapter.requests).hasSize(1);
        assertThat(attempts("retried")).isZero();
    }

    @Test
    void aTurnWhoseAttemptIsDroppedGivesItsPlaceUnderTheCapBack() throws InterruptedException {
        DeliveryWorker capped = new DeliveryWorker(
                List.of(ChannelProviders.single(adapter, RELAY, CircuitBreaker.ofDefaults("email." + RELAY),
                                                new RateCap(1, Duration.ofHours(1), Duration.ZERO))),
                id -> Optional.empty(),
                DefaultCommandGateway.builder().commandBus(commandBus).build(),
                new CommandTimeout(Duration.ofSeconds(10)), policy, new DeliveryMetrics(meters), MAX_QUEUE_WAIT,
                Clock.fixed(NOW, ZoneOffset.UTC));
        capped.awaitTurn(EMAIL, Duration.ZERO).run(TASK, NOW);

        assertThat(capped.awaitTurn(EMAIL, Duration.ZERO)).isNotNull();
        assertThat(adapter.requests).isEmpty();
    }

    @Test
    void attemptThatWaitedBeyondItsWatchdogIsDropped() {
        perform(NOW.minus(MAX_QUEUE_WAIT).minusSeconds(1));

        assertThat(adapter.requests).isEmpty();
        assertThat(commands()).isEmpty();
        assertThat(attempts("skipped")).isEqualTo(1);
    }
}

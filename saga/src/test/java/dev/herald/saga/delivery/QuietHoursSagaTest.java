package dev.herald.saga.delivery;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.IN_APP;
import static dev.herald.api.Channel.PUSH;
import static dev.herald.api.Channel.SMS;
import static dev.herald.api.Channel.WEBHOOK;
import static dev.herald.saga.SagaTestMessages.CATEGORY;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.cancelled;
import static dev.herald.saga.SagaTestMessages.optedOut;
import static dev.herald.saga.SagaTestMessages.recorded;
import static dev.herald.saga.SagaTestMessages.released;
import static dev.herald.saga.SagaTestMessages.sentInQuietHours;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.RecordDeliveryCancelledCommand;
import dev.herald.api.notification.RecordDeliveryHeldCommand;
import dev.herald.api.notification.RecordDeliverySkippedCommand;
import dev.herald.api.recipient.QuietHours;
import dev.herald.saga.DeliveryProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours in the delivery saga. The recipient's zone is Europe/Amsterdam (UTC+1 in January), so 09:00 UTC is
 * 10:00 there: inside MORNING (08:00 to 12:00, ending 11:00 UTC).
 */
class QuietHoursSagaTest {

    private static final Instant START = Instant.parse("2030-01-01T09:00:00Z");
    private static final Duration WATCHDOG = Duration.ofMinutes(3);
    private static final Duration DEADLINE = Duration.ofMinutes(30);
    private static final QuietHours MORNING = new QuietHours(LocalTime.of(8, 0), LocalTime.of(12, 0));
    private static final Instant MORNING_ENDS = Instant.parse("2030-01-01T11:00:00Z");
    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    private final RetryPolicy policy = new RetryPolicy(
            new DeliveryProperties.Retry(8, Duration.ofSeconds(10), Duration.ofMinutes(10), DEADLINE, Map.of()),
            WATCHDOG, bound -> bound);
    private final SagaTestFixture<DeliverySaga> fixture = new SagaTestFixture<>(DeliverySaga.class);
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private DeliverySaga saga;

    @BeforeEach
    void setUp() {
        fixture.registerResource(dispatcher);
        fixture.registerResource(policy);
        fixture.registerEventHandlerInterceptor(new SagaStartFilter());
        fixture.registerResourceInjector(injected -> saga = (DeliverySaga) injected);
        fixture.givenCurrentTime(START);
    }

    @Test
    void emailSmsAndPushOfANormalSendAreHeldUntilTheQuietHoursEndWhileWebhooksGoAtOnce() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentInQuietHours(MORNING, Priority.NORMAL, null, EMAIL, SMS, PUSH, WEBHOOK, IN_APP))
               .expectDispatchedCommands(new RecordDeliveryHeldCommand(NOTIFICATION_ID, Set.of(EMAIL, SMS, PUSH),
                                                                       MORNING_ENDS))
               .expectScheduledDeadline(Duration.ofHours(2), new QuietHoursOver())
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(WEBHOOK, 1))
               .expectActiveSagas(1);
        assertThat(dispatcher.tasks()).extracting(DeliveryTask::channel).containsExactly(WEBHOOK);
    }

    @Test
    void lowPriorityIsHeldLikeNormal() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentInQuietHours(MORNING, Priority.LOW, null, SMS))
               .expectDispatchedCommands(new RecordDeliveryHeldCommand(NOTIFICATION_ID, Set.of(SMS), MORNING_ENDS));
        assertThat(dispatcher.tasks()).isEmpty();
    }

    @Test
    void highPriorityPassesQuietHours() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentInQuietHours(MORNING, Priority.HIGH, null, EMAIL, SMS))
               .expectNoDispatchedCommands()
               .expectNoScheduledDeadlineMatching(org.axonframework.test.matchers.Matchers.messageWithPayload(
                       org.hamcrest.CoreMatchers.instanceOf(QuietHoursOver.class)));
        assertThat(dispatcher.tasks()).extracting(DeliveryTask::channel).containsExactlyInAnyOrder(EMAIL, SMS);
    }

    @Test
    void inAppIsNeverHeldAndAnInAppOnlySendNeedsNoSagaAtAll() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentInQuietHours(MORNING, Priority.NORMAL, null, IN_APP))
               .expectActiveSagas(0)
               .expectNoDispatchedCommands()
               .expectNoScheduledDeadlines();
    }

    @Test
    void outsideTheQuietHoursNothingIsHeld() {
        QuietHours evening = new QuietHours(LocalTime.of(18, 0), LocalTime.of(20, 0));
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentInQuietHours(evening, Priority.NORMAL, null, EMAIL))
               .expectNoDispatchedCommands()
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(EMAIL, 1));
        assertThat(dispatcher.tasks()).hasSize(1);
    }

    @Test
    void quietHoursSpanningMidnightHoldALateSendUntilTheNextMorning() {
        // 23:30 in Amsterdam; the night ends at 07:00 there, 06:00 UTC the next day.
        fixture.givenCurrentTime(Instant.parse("2030-01-01T22:30:00Z"))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(sentInQuietHours(NIGHT, Priority.NORMAL, null, PUSH))
               .expectDispatchedCommands(new RecordDeliveryHeldCommand(
                       NOTIFICATION_ID, Set.of(PUSH), Instant.parse("2030-01-02T06:00:00Z")))
               .expectScheduledDeadline(Duration.ofMinutes(450), new QuietHoursOver());
    }

    @Test
    void whenTheQuietHoursEndTheHeldChannelsGetTheirFirstAttemptWithTheirWholeDeadlineAhead() {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sentInQuietHours(MORNING, Priority.NORMAL, null, EMAIL, SMS))
               .whenTimeElapses(Duration.ofHours(2))
               .expectDeadlinesMet(new QuietHoursOver())
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(EMAIL, 1))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(SMS, 1));
        assertThat(dispatcher.tasks()).containsExactlyInAnyOrder(
                new DeliveryTask(NOTIFICATION_ID, EMAIL, 1, Priority.NORMAL, MORNING_ENDS.plus(DEADLINE)),
                new DeliveryTask(NOTIFICATION_ID, SMS, 1, Priority.NORMAL, MORNING_ENDS.plus(DEADLINE)));
    }

    /**
     * What a restart keeps is the saga's stored state and its deadline: the state, through the store's serializer,
     * still holds the channels, and the deadline it names releases them.
     */
    @Test
    void aHoldSurvivesARestartInTheSagasStoredStateAndItsDeadlineReleasesIt() {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sentInQuietHours(MORNING, Priority.NORMAL, null, EMAIL));
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).build();
        SerializedObject<String> stored = serializer.serialize(saga, String.class);
        DeliverySaga loaded = serializer.deserialize(stored);
        assertThat(loaded).usingRecursiveComparison().isEqualTo(saga);
        assertThat(stored.getData()).contains("\"quietFrom\":\"08:00:00\"", "holdDeadlineId");
        SerializedObject<String> deadline = serializer.serialize(new QuietHoursOver(), String.class);
        assertThat((Object) serializer.deserialize(deadline)).isEqualTo(new QuietHoursOver());

        fixture.whenTimeElapses(Duration.ofHours(2))
               .expectDeadlinesMet(new QuietHoursOver());
        assertThat(dispatcher.tasks()).extracting(DeliveryTask::channel).containsExactly(EMAIL);
    }

    @Test
    void anOptOutDuringTheHoldSkipsTheChannelAndItsEndAttemptsNothing() throws Exception {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sentInQuietHours(MORNING, Priority.NORMAL, null, EMAIL, SMS))
               .andThenTimeElapses(Duration.ofMinutes(30))
               .andThenAPublished(optedOut(CATEGORY, EMAIL))
               .andThenAggregate(NOTIFICATION_ID)
               .published(recorded(new RecordDeliverySkippedCommand(NOTIFICATION_ID, EMAIL, SkipReason.OPTED_OUT)))
               .whenTimeElapses(Duration.ofMinutes(90))
               .expectDeadlinesMet(new QuietHoursOver());
        assertThat(dispatcher.tasks()).extracting(DeliveryTask::channel).containsExactly(SMS);
    }

    @Test
    void aCancelDuringTheHoldCancelsTheHeldChannelsAndTheHoldAndEnds() {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sentInQuietHours(MORNING, Priority.NORMAL, null, EMAIL, PUSH))
               .andThenAggregate(NOTIFICATION_ID)
               .published(cancelled(), recorded(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, EMAIL)))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(recorded(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, PUSH)))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();
        assertThat(dispatcher.tasks()).isEmpty();
    }

    @Test
    void aCancelDuringTheHoldRecordsCancelledForEveryHeldChannel() {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sentInQuietHours(MORNING, Priority.NORMAL, null, EMAIL, PUSH))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(cancelled())
               .expectDispatchedCommands(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, EMAIL),
                                         new RecordDeliveryCancelledCommand(NOTIFICATION_ID, PUSH));
    }

    @Test
    void aScheduledSendReleasedInsideQuietHoursIsHeldThen() throws Exception {
        Instant sendAt = START.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(START.minus(Duration.ofHours(5)))
               .andThenAggregate(NOTIFICATION_ID)
               .published(sentInQuietHours(MORNING, Priority.NORMAL, sendAt, EMAIL))
               .andThenTimeElapses(Duration.ofHours(6))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(released())
               .expectDispatchedCommands(new RecordDeliveryHeldCommand(NOTIFICATION_ID, Set.of(EMAIL),
                                                                       MORNING_ENDS))
               .expectScheduledDeadline(Duration.ofHours(1), new QuietHoursOver());
        assertThat(dispatcher.tasks()).isEmpty();
    }
}

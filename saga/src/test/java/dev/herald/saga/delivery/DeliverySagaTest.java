package dev.herald.saga.delivery;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.IN_APP;
import static dev.herald.api.Channel.PUSH;
import static dev.herald.api.Channel.SMS;
import static dev.herald.api.Channel.WEBHOOK;
import static dev.herald.saga.SagaTestMessages.CATEGORY;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.RECIPIENT_ID;
import static dev.herald.saga.SagaTestMessages.cancelled;
import static dev.herald.saga.SagaTestMessages.optedOut;
import static dev.herald.saga.SagaTestMessages.recorded;
import static dev.herald.saga.SagaTestMessages.released;
import static dev.herald.saga.SagaTestMessages.scheduled;
import static dev.herald.saga.SagaTestMessages.sent;
import static dev.herald.saga.SagaTestMessages.sentSkipping;
import static dev.herald.saga.SagaTestMessages.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.CoreMatchers.instanceOf;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.RecordDeliveryAttemptFailedCommand;
import dev.herald.api.notification.RecordDeliveryCancelledCommand;
import dev.herald.api.notification.RecordDeliveryFailedCommand;
import dev.herald.api.notification.RecordDeliverySkippedCommand;
import dev.herald.api.notification.ReleaseNotificationCommand;
import dev.herald.saga.DeliveryProperties;
import dev.herald.saga.channel.DeliveryOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;

class DeliverySagaTest {

    private static final Instant START = Instant.parse("2030-01-01T09:00:00Z");
    private static final Duration WATCHDOG = Duration.ofMinutes(3);
    /** Always the largest delay the backoff allows, so that the delays are exact: 10 s, 20 s, 40 s, ... */
    private static final Jitter LARGEST = bound -> bound;

    private final RetryPolicy policy = new RetryPolicy(
            new DeliveryProperties.Retry(8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30),
                                         Map.of()),
            WATCHDOG, LARGEST);
    private final SagaTestFixture<DeliverySaga> fixture = new SagaTestFixture<>(DeliverySaga.class);
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

    private final List<Object> handledBySaga = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        fixture.registerResource(dispatcher);
        fixture.registerResource(policy);
        fixture.registerEventHandlerInterceptor(new SagaStartFilter());
        fixture.registerHandlerEnhancerDefinition(recordingHandledPayloads());
        fixture.givenCurrentTime(START);
    }

    /** Each message that reaches a handler of a saga instance, so that a test can tell that no saga ever ran. */
    private HandlerEnhancerDefinition recordingHandledPayloads() {
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                return new WrappedMessageHandlingMember<>(original) {
                    @Override
                    public Object handle(Message<?> message, T target) throws Exception {
                        handledBySaga.add(message.getPayload());
                        return super.handle(message, target);
                    }
                };
            }
        };
    }

    /** What the aggregate records when the worker reports this outcome for the channel's latest attempt, now. */
    private Object outcome(Channel channel, DeliveryOutcome outcome) {
        return recorded(DeliveryWorker.recordOf(dispatcher.last(channel), outcome, policy, fixture.currentTime()));
    }

    @Test
    void handsEachDeliverableChannelToTheDispatcherUnderAWatchdog() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentSkipping(Map.of(SMS, SkipReason.NO_CONTACT_POINT), EMAIL, SMS, WEBHOOK, IN_APP))
               .expectActiveSagas(1)
               .expectAssociationWith(DeliverySaga.NOTIFICATION_ID, NOTIFICATION_ID)
               .expectAssociationWith(DeliverySaga.RECIPIENT_ID, RECIPIENT_ID)
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(EMAIL, 1))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(WEBHOOK, 1))
               .expectNoDispatchedCommands();

        assertThat(dispatcher.tasks()).containsExactlyInAnyOrder(
                new DeliveryTask(NOTIFICATION_ID, EMAIL, 1, Priority.NORMAL,
                                 START.plus(Duration.ofMinutes(30))),
                new DeliveryTask(NOTIFICATION_ID, WEBHOOK, 1, Priority.NORMAL,
                                 START.plus(Duration.ofMinutes(30))));
    }

    /** IN_APP is the inbox's: the saga waits for no outcome of it. */
    @Test
    void endsWhenEveryChannelButInAppIsDelivered() {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sent(EMAIL, WEBHOOK, IN_APP), succeeded(EMAIL, 1))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(succeeded(WEBHOOK, 1))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines()
               .expectNoDispatchedCommands();
    }

    @Test
    void retriesWithGrowingDelaysUntilDelivered() throws Exception {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.retryable("HTTP 503")))
               .andThenTimeElapses(Duration.ofSeconds(10))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.retryable("HTTP 503")))
               .andThenTimeElapses(Duration.ofSeconds(20));

        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(outcome(EMAIL, DeliveryOutcome.delivered()))
               .expectTriggeredDeadlinesMatching(retriesDueAt(START.plusSeconds(10), START.plusSeconds(30)))
               .expectNoDispatchedCommands()
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);

        assertThat(dispatcher.tasks()).extracting(DeliveryTask::attempt).containsExactly(1, 2, 3);
    }

    /** The retry deadlines that fired were due at exactly these times, in this order. */
    private static Matcher<List<DeadlineMessage<?>>> retriesDueAt(Instant... expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<DeadlineMessage<?>> triggered) {
                return retryTimes(triggered).equals(List.of(expected));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("retries due at ").appendValue(List.of(expected));
            }

            @Override
            protected void describeMismatchSafely(List<DeadlineMessage<?>> triggered, Description description) {
                description.appendText("retries were due at ").appendValue(retryTimes(triggered));
            }

            private List<Instant> retryTimes(List<DeadlineMessage<?>> triggered) {
                return triggered.stream()
                                .filter(deadline -> deadline.getPayload() instanceof RetryDue)
                                .map(DeadlineMessage::getTimestamp)
                                .toList();
            }
        };
    }

    @Test
    void failsForGoodAfterTheLastAttemptWithoutTouchingOtherChannels() throws Exception {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, SMS), succeeded(SMS, 1));
        for (int attempt = 1; attempt < 8; attempt++) {
            DeliveryAttemptFailedEvent failure =
                    (DeliveryAttemptFailedEvent) outcome(EMAIL, DeliveryOutcome.retryable("SMTP 421: try later"));
            assertThat(failure.nextAttemptAt()).as("retry after attempt %d", attempt).isNotNull();
            fixture.andThenAggregate(NOTIFICATION_ID).published(failure)
                   .andThenTimeAdvancesTo(failure.nextAttemptAt());
        }

        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(outcome(EMAIL, DeliveryOutcome.retryable("SMTP 421: try later")))
               .expectDispatchedCommands(new RecordDeliveryFailedCommand(NOTIFICATION_ID, EMAIL, 8,
                                                                         "SMTP 421: try later"))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);

        assertThat(dispatcher.tasks(EMAIL)).extracting(DeliveryTask::attempt)
                                                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(dispatcher.tasks(SMS)).hasSize(1);
    }

    @Test
    void endsOnceAFailedChannelIsRecordedAsFailed() {
        fixture.givenAggregate(NOTIFICATION_ID)
               .published(sent(EMAIL, SMS), succeeded(SMS, 1))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.permanent("HTTP 400")))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(recorded(new RecordDeliveryFailedCommand(NOTIFICATION_ID, EMAIL, 1, "HTTP 400")))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();
    }

    @Test
    void permanentErrorFailsAtOnceWithoutRetry() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(WEBHOOK, SMS))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(outcome(WEBHOOK, DeliveryOutcome.permanent("https://hooks.example.com answered 404")))
               .expectDispatchedCommands(new RecordDeliveryFailedCommand(NOTIFICATION_ID, WEBHOOK, 1,
                                                                         "https://hooks.example.com answered 404"))
               .expectNoScheduledDeadlineMatching(messageWithPayload(instanceOf(RetryDue.class)))
               .expectNoScheduledDeadline(WATCHDOG, new AttemptWatchdog(WEBHOOK, 1))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(SMS, 1));

        assertThat(dispatcher.tasks(WEBHOOK)).hasSize(1);
    }

    @Test
    void optOutDuringRetriesCancelsTheRetryAndRecordsSkipped() throws Exception {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, SMS))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.retryable("SMTP 451")))
               .andThenTimeElapses(Duration.ofSeconds(5))
               .whenPublishingA(optedOut(CATEGORY, EMAIL))
               .expectDispatchedCommands(new RecordDeliverySkippedCommand(NOTIFICATION_ID, EMAIL,
                                                                          SkipReason.OPTED_OUT))
               .expectNoScheduledDeadlineMatching(messageWithPayload(instanceOf(RetryDue.class)))
               .expectScheduledDeadline(WATCHDOG.minusSeconds(5), new AttemptWatchdog(SMS, 1))
               .expectActiveSagas(1);
    }

    @Test
    void optOutOfEverythingSkipsEveryOpenChannelButInAppWhichTheInboxHolds() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, PUSH, IN_APP))
               .whenPublishingA(optedOut(DeliverySaga.ANY_CATEGORY))
               .expectDispatchedCommands(
                       new RecordDeliverySkippedCommand(NOTIFICATION_ID, EMAIL, SkipReason.OPTED_OUT),
                       new RecordDeliverySkippedCommand(NOTIFICATION_ID, PUSH, SkipReason.OPTED_OUT))
               .expectNoScheduledDeadlines();
    }

    @Test
    void optOutOfAnotherCategoryChangesNothing() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.retryable("SMTP 451")))
               .whenPublishingA(optedOut("marketing", EMAIL))
               .expectNoDispatchedCommands()
               .expectScheduledDeadline(Duration.ofSeconds(10), new RetryDue(EMAIL, 2));
    }

    @Test
    void skippedChannelNoLongerBlocksTheEnd() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, SMS), succeeded(SMS, 1))
               .andThenAPublished(optedOut(CATEGORY, EMAIL))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(recorded(new RecordDeliverySkippedCommand(NOTIFICATION_ID, EMAIL, SkipReason.OPTED_OUT)))
               .expectActiveSagas(0);
    }

    @Test
    void cancelDuringRetriesRecordsCancelledForEveryOpenChannel() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, SMS, WEBHOOK), succeeded(SMS, 1))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.retryable("SMTP 451")))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(cancelled())
               .expectDispatchedCommands(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, EMAIL),
                                         new RecordDeliveryCancelledCommand(NOTIFICATION_ID, WEBHOOK))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);
    }

    @Test
    void endsOnceTheCancelledChannelsAreRecorded() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, SMS), cancelled(),
                                                          recorded(new RecordDeliveryCancelledCommand(
                                                                  NOTIFICATION_ID, EMAIL)))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(recorded(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, SMS)))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();
    }

    @Test
    void retryAfterIsUsedAsTheExactDelay() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(WEBHOOK))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(outcome(WEBHOOK, DeliveryOutcome.retryable("HTTP 429", Duration.ofSeconds(90))))
               .expectScheduledDeadline(Duration.ofSeconds(90), new RetryDue(WEBHOOK, 2))
               .expectNoScheduledDeadline(WATCHDOG, new AttemptWatchdog(WEBHOOK, 1))
               .expectNoDispatchedCommands();
    }

    @Test
    void attemptWithoutOutcomeCountsAsRetryableFailureWhenItsWatchdogExpires() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL))
               .whenTimeElapses(WATCHDOG)
               .expectDispatchedCommands(new RecordDeliveryAttemptFailedCommand(
                       NOTIFICATION_ID, EMAIL, 1, DeliverySaga.NO_OUTCOME, true,
                       START.plus(WATCHDOG).plusSeconds(10)))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(EMAIL, 1));
    }

    @Test
    void attemptLostToARestartIsRetried() throws Exception {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL))
               .andThenTimeElapses(WATCHDOG)
               .andThenAggregate(NOTIFICATION_ID)
               .published(recorded(new RecordDeliveryAttemptFailedCommand(
                       NOTIFICATION_ID, EMAIL, 1, DeliverySaga.NO_OUTCOME, true,
                       START.plus(WATCHDOG).plusSeconds(10))))
               .whenTimeElapses(Duration.ofSeconds(10))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(EMAIL, 2))
               .expectNoScheduledDeadline(WATCHDOG.minusSeconds(10), new AttemptWatchdog(EMAIL, 1))
               .expectNoDispatchedCommands();

        assertThat(dispatcher.tasks(EMAIL)).extracting(DeliveryTask::attempt)
                                                .containsExactly(1, 2);
    }

    /**
     * A restart lost the saga's step that started attempt 2 (its retry deadline was already used up), but the
     * attempt ran and its failure arrives: the saga catches up instead of waiting for a retry that will not come.
     */
    @Test
    void failureOfAnAttemptTheSagaDidNotSeeStartCatchesUp() {
        Instant secondAttemptFailedAt = START.plusSeconds(10);
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL))
               .andThenAggregate(NOTIFICATION_ID).published(outcome(EMAIL, DeliveryOutcome.retryable("HTTP 503")))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(new DeliveryAttemptFailedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 2, "HTTP 503", true,
                                                         secondAttemptFailedAt.plusSeconds(20)))
               .expectScheduledDeadline(Duration.ofSeconds(30), new RetryDue(EMAIL, 3))
               .expectNoScheduledDeadline(Duration.ofSeconds(10), new RetryDue(EMAIL, 2))
               .expectNoDispatchedCommands();
    }

    /** The first event again (a restart lost the token's last advance) must not start the deliveries again. */
    @Test
    void sentEventHandledAgainChangesNothing() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, IN_APP))
               .whenAggregate(NOTIFICATION_ID).publishes(sent(EMAIL, IN_APP))
               .expectActiveSagas(1)
               .expectNoDispatchedCommands();

        assertThat(dispatcher.tasks(EMAIL)).extracting(DeliveryTask::attempt).containsExactly(1);
    }

    @Test
    void scheduledNotificationWaitsForItsSendTime() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(scheduled(START.plus(Duration.ofHours(2)), EMAIL))
               .expectScheduledDeadline(Duration.ofHours(2), new ReleaseDue(NOTIFICATION_ID))
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);

        assertThat(dispatcher.tasks()).isEmpty();
    }

    @Test
    void scheduledNotificationIsReleasedAtItsSendTime() {
        fixture.givenAggregate(NOTIFICATION_ID).published(scheduled(START.plus(Duration.ofHours(2)), EMAIL))
               .whenTimeElapses(Duration.ofHours(2))
               .expectDispatchedCommands(new ReleaseNotificationCommand(NOTIFICATION_ID))
               .expectScheduledDeadline(DeliverySaga.RELEASE_RECHECK, new ReleaseDue(NOTIFICATION_ID));

        assertThat(dispatcher.tasks()).isEmpty();
    }

    @Test
    void releasedNotificationIsDeliveredWithItsDeadlineCountedFromTheRelease() throws Exception {
        Instant sendAt = START.plus(Duration.ofHours(2));
        fixture.givenAggregate(NOTIFICATION_ID).published(scheduled(sendAt, EMAIL))
               .andThenTimeElapses(Duration.ofHours(2))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(released())
               .expectNoScheduledDeadlineMatching(messageWithPayload(instanceOf(ReleaseDue.class)))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(EMAIL, 1));

        assertThat(dispatcher.tasks()).containsExactly(new DeliveryTask(
                NOTIFICATION_ID, EMAIL, 1, Priority.NORMAL, sendAt.plus(Duration.ofMinutes(30))));
    }

    @Test
    void scheduledNotificationCancelledBeforeItsSendTimeIsNeverReleased() {
        fixture.givenAggregate(NOTIFICATION_ID).published(scheduled(START.plus(Duration.ofHours(2)), EMAIL))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(cancelled())
               .expectDispatchedCommands(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, EMAIL))
               .expectNoScheduledDeadlines();
    }

    @Test
    void inAppOnlySendStartsNoSaga() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sent(IN_APP))
               .expectActiveSagas(0)
               .expectNoAssociationWith(DeliverySaga.NOTIFICATION_ID, NOTIFICATION_ID)
               .expectNoScheduledDeadlines()
               .expectNoDispatchedCommands();

        assertThat(handledBySaga).isEmpty();
        assertThat(dispatcher.tasks()).isEmpty();
    }

    /** An IN_APP outcome event, as stored before the inbox took IN_APP over, finds no saga either. */
    @Test
    void inAppOutcomeOfAnInAppOnlySendFindsNoSaga() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(IN_APP))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(succeeded(IN_APP, 1))
               .expectActiveSagas(0)
               .expectNoDispatchedCommands();

        assertThat(handledBySaga).isEmpty();
    }

    /** The aggregate records the cancelled outcome of every open channel itself, so no saga has to. */
    @Test
    void cancellingAnInAppOnlySendFindsNoSaga() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(IN_APP))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(cancelled())
               .expectActiveSagas(0)
               .expectNoDispatchedCommands()
               .expectNoScheduledDeadlines();

        assertThat(handledBySaga).isEmpty();
    }

    @Test
    void inAppWithEmailStartsASagaThatDeliversTheEmail() {
        fixture.givenAggregate(NOTIFICATION_ID).published(sent(EMAIL, IN_APP))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(outcome(EMAIL, DeliveryOutcome.delivered()))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines()
               .expectNoDispatchedCommands();

        assertThat(dispatcher.tasks()).containsExactly(new DeliveryTask(
                NOTIFICATION_ID, EMAIL, 1, Priority.NORMAL, START.plus(Duration.ofMinutes(30))));
        assertThat(handledBySaga).first().isInstanceOf(NotificationSentEvent.class);
    }

    @Test
    void scheduledInAppOnlySendWaitsForItsReleaseAndThenEnds() {
        Instant sendAt = START.plus(Duration.ofHours(2));
        fixture.givenAggregate(NOTIFICATION_ID).published(scheduled(sendAt, IN_APP))
               .whenTimeElapses(Duration.ofHours(2))
               .expectDispatchedCommands(new ReleaseNotificationCommand(NOTIFICATION_ID))
               .expectActiveSagas(1);

        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(released())
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();

        assertThat(dispatcher.tasks()).isEmpty();
    }

    /** The aggregate records IN_APP's cancelled outcome itself. */
    @Test
    void scheduledInAppOnlySendCancelledBeforeItsReleaseIsNeverReleased() {
        fixture.givenAggregate(NOTIFICATION_ID).published(scheduled(START.plus(Duration.ofHours(2)), IN_APP))
               .whenAggregate(NOTIFICATION_ID)
               .publishes(cancelled())
               .expectNoDispatchedCommands()
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();
    }

    /** A send time already past when the event was recorded is an immediate send. */
    @Test
    void inAppOnlySendWithAPastSendTimeStartsNoSaga() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(scheduled(START.minusSeconds(1), IN_APP))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();

        assertThat(handledBySaga).isEmpty();
    }

    @Test
    void inAppOnlyNotificationEndsAtOnce() {
        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sentSkipping(Map.of(EMAIL, SkipReason.OPTED_OUT), EMAIL, IN_APP))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines()
               .expectNoDispatchedCommands();

        assertThat(dispatcher.tasks()).isEmpty();
    }

    @Test
    void fullDeliveryQueueCountsAsRetryableFailure() {
        dispatcher.full();

        fixture.whenAggregate(NOTIFICATION_ID)
               .publishes(sent(SMS))
               .expectDispatchedCommands(new RecordDeliveryAttemptFailedCommand(
                       NOTIFICATION_ID, SMS, 1, "the SMS delivery queue is full", true, START.plusSeconds(10)))
               .expectScheduledDeadline(WATCHDOG, new AttemptWatchdog(SMS, 1));
    }
}

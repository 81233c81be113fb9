package dev.herald.query.status;

import static dev.herald.query.TestEvents.at;
import static dev.herald.query.TestEvents.attemptFailed;
import static dev.herald.query.TestEvents.attemptStarted;
import static dev.herald.query.TestEvents.cancelled;
import static dev.herald.query.TestEvents.deliveryCancelled;
import static dev.herald.query.TestEvents.failedForGood;
import static dev.herald.query.TestEvents.released;
import static dev.herald.query.TestEvents.scheduled;
import static dev.herald.query.TestEvents.sent;
import static dev.herald.query.TestEvents.skipped;
import static dev.herald.query.TestEvents.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.inbox.ChannelStatus;
import dev.herald.api.inbox.DeliveryAttempt;
import dev.herald.api.inbox.FindNotificationStatusQuery;
import dev.herald.api.inbox.NotificationStatus;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.ChannelState;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationState;
import dev.herald.query.InBatches;
import dev.herald.query.storage.ReadModelContract;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the notification-status projection does, whichever storage adapter keeps it: every adapter's test extends
 * this class.
 */
abstract class NotificationStatusProjectionContract extends ReadModelContract {

    private static final String COLLECTION = NotificationStatusProjection.COLLECTION;

    private ProjectionVersions versions;
    private NotificationStatusProjection projection;

    @BeforeEach
    void emptyDatabase() {
        versions = storage.versions();
        projection = new NotificationStatusProjection(storage.statusStore(), versions);
    }

    @Test
    void anImmediateNotificationIsAcceptedWithItsSendTimeSkips() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.IN_APP, Channel.SMS),
                   Map.of(Channel.SMS, SkipReason.NO_CONTACT_POINT), null), at(1));

        NotificationStatus status = status("n1");
        assertThat(status).isEqualTo(new NotificationStatus(
                "n1", "sender-1", "r1", "billing", Priority.NORMAL, NotificationState.ACCEPTED,
                Set.of(Channel.EMAIL, Channel.SMS, Channel.IN_APP), Map.of(Channel.SMS, SkipReason.NO_CONTACT_POINT),
                List.of(new ChannelStatus(Channel.EMAIL, ChannelState.PENDING, List.of()),
                        new ChannelStatus(Channel.SMS, ChannelState.SKIPPED, List.of()),
                        new ChannelStatus(Channel.IN_APP, ChannelState.PENDING, List.of())),
                millis(at(1)), null));
    }

    @Test
    void aNotificationWhoseEveryChannelIsSkippedIsCompletedAtOnce() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL), Map.of(Channel.EMAIL, SkipReason.OPTED_OUT), null), at(1));

        assertThat(status("n1").status()).isEqualTo(NotificationState.COMPLETED);
    }

    @Test
    void aScheduledNotificationIsAcceptedWhenReleased() {
        apply(scheduled("n1", "r1", at(3600)), at(1));
        assertThat(status("n1").status()).isEqualTo(NotificationState.SCHEDULED);
        assertThat(status("n1").sendAt()).isEqualTo(millis(at(3600)));

        apply(released("n1", "r1"), at(3600));

        assertThat(status("n1").status()).isEqualTo(NotificationState.ACCEPTED);
        assertThat(status("n1").channels()).extracting(ChannelStatus::status)
                .containsOnly(ChannelState.PENDING);
    }

    @Test
    void aThrottledSendShowsEveryChannelSkippedWithItsReason() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.IN_APP),
                   Map.of(Channel.EMAIL, SkipReason.THROTTLED, Channel.IN_APP, SkipReason.THROTTLED), null), at(1));

        assertThat(status("n1").status()).isEqualTo(NotificationState.COMPLETED);
        assertThat(status("n1").skippedChannels()).isEqualTo(Map.of(Channel.EMAIL, SkipReason.THROTTLED,
                                                                    Channel.IN_APP, SkipReason.THROTTLED));
    }

    @Test
    void aHeldChannelShowsUntilWhenAndLosesItWithItsFirstAttempt() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS, Channel.WEBHOOK), Map.of(), null), at(1));
        apply(new DeliveryHeldEvent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS), at(7200)), at(1));

        assertThat(status("n1").status()).isEqualTo(NotificationState.ACCEPTED);
        assertThat(status("n1").channels()).containsExactly(
                new ChannelStatus(Channel.EMAIL, ChannelState.PENDING, List.of(), millis(at(7200))),
                new ChannelStatus(Channel.SMS, ChannelState.PENDING, List.of(), millis(at(7200))),
                new ChannelStatus(Channel.WEBHOOK, ChannelState.PENDING, List.of()));

        apply(new DeliveryAttemptStartedEvent("n1", "r1", Channel.EMAIL, 1, null), at(7200));
        apply(new DeliverySkippedEvent("n1", "r1", Channel.SMS, SkipReason.OPTED_OUT), at(7300));

        assertThat(status("n1").channels()).extracting(ChannelStatus::heldUntil).containsOnly((Instant) null);
    }

    @Test
    void aCancelledNotificationEndsEveryOpenChannelAsCancelled() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS), Map.of(Channel.SMS, SkipReason.OPTED_OUT),
                   at(3600)), at(1));

        apply(cancelled("n1", "r1"), at(2));
        apply(released("n1", "r1"), at(3600));

        NotificationStatus status = status("n1");
        assertThat(status.status()).isEqualTo(NotificationState.CANCELLED);
        assertThat(status.channels()).extracting(ChannelStatus::channel, ChannelStatus::status).containsExactly(
                tuple(Channel.EMAIL, ChannelState.CANCELLED),
                tuple(Channel.SMS, ChannelState.SKIPPED));
    }

    @Test
    void channelsMoveThroughRetriesToTheirFinalOutcomeAndThenTheNotificationIsCompleted() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS, Channel.PUSH), Map.of(), null), at(0));

        apply(attemptStarted("n1", Channel.EMAIL, 1), at(1));
        assertThat(channel("n1", Channel.EMAIL).status()).isEqualTo(ChannelState.PENDING);
        apply(attemptFailed("n1", Channel.EMAIL, 1, "421 try later", at(60)), at(2));
        assertThat(channel("n1", Channel.EMAIL).status()).isEqualTo(ChannelState.RETRYING);
        apply(attemptStarted("n1", Channel.EMAIL, 2), at(60));
        apply(succeeded("n1", Channel.EMAIL, 2), at(61));

        apply(attemptStarted("n1", Channel.SMS, 1), at(3));
        apply(attemptFailed("n1", Channel.SMS, 1, "timeout", at(30)), at(4));
        apply(attemptStarted("n1", Channel.SMS, 2), at(30));
        apply(attemptFailed("n1", Channel.SMS, 2, "invalid number", null), at(31));
        apply(failedForGood("n1", Channel.SMS, 2, "invalid number"), at(31));
        assertThat(status("n1").status()).isEqualTo(NotificationState.ACCEPTED);

        apply(skipped("n1", Channel.PUSH, SkipReason.OPTED_OUT), at(62));

        NotificationStatus status = status("n1");
        assertThat(status.status()).isEqualTo(NotificationState.COMPLETED);
        assertThat(status.skippedChannels()).isEqualTo(Map.of(Channel.PUSH, SkipReason.OPTED_OUT));
        assertThat(status.channels()).containsExactly(
                new ChannelStatus(Channel.EMAIL, ChannelState.DELIVERED, List.of(
                        new DeliveryAttempt(1, millis(at(1)), "421 try later"),
                        new DeliveryAttempt(2, millis(at(60)), null))),
                new ChannelStatus(Channel.SMS, ChannelState.FAILED, List.of(
                        new DeliveryAttempt(1, millis(at(3)), "timeout"),
                        new DeliveryAttempt(2, millis(at(30)), "invalid number"))),
                new ChannelStatus(Channel.PUSH, ChannelState.SKIPPED, List.of()));
    }

    @Test
    void attemptsShowTheProviderTheyWentToAndOlderAttemptsNone() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL), Map.of(), null), at(0));

        apply(attemptStarted("n1", Channel.EMAIL, 1), at(1));
        apply(attemptFailed("n1", Channel.EMAIL, 1, "cannot reach", at(10)), at(2));
        apply(new DeliveryAttemptStartedEvent("n1", "recipient-1", Channel.EMAIL, 2, "primary"), at(10));
        apply(new DeliveryAttemptFailedEvent("n1", "recipient-1", Channel.EMAIL, 2, "connection refused", true,
                                             at(20), "primary"), at(11));
        apply(new DeliveryAttemptStartedEvent("n1", "recipient-1", Channel.EMAIL, 3, "secondary"), at(20));
        apply(new DeliverySucceededEvent("n1", "recipient-1", Channel.EMAIL, 3, "secondary"), at(21));

        assertThat(channel("n1", Channel.EMAIL).attempts()).containsExactly(
                new DeliveryAttempt(1, millis(at(1)), "cannot reach", null),
                new DeliveryAttempt(2, millis(at(10)), "connection refused", "primary"),
                new DeliveryAttempt(3, millis(at(20)), null, "secondary"));
    }

    @Test
    void aFinalChannelNeverChangesAgain() {
        apply(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS), Map.of(), null), at(0));
        apply(attemptStarted("n1", Channel.EMAIL, 1), at(1));
        apply(succeeded("n1", Channel.EMAIL, 1), at(2));
        apply(deliveryCancelled("n1", Channel.SMS), at(3));

        NotificationStatus before = status("n1");
        apply(attemptStarted("n1", Channel.EMAIL, 2), at(4));
        apply(attemptFailed("n1", Channel.EMAIL, 2, "late", null), at(5));
        apply(failedForGood("n1", Channel.EMAIL, 2, "late"), at(6));
        apply(skipped("n1", Channel.SMS, SkipReason.OPTED_OUT), at(7));
        apply(succeeded("n1", Channel.SMS, 1), at(8));
        apply(cancelled("n1", "r1"), at(9));

        assertThat(status("n1")).isEqualTo(before);
        assertThat(before.status()).isEqualTo(NotificationState.COMPLETED);
    }

    @Test
    void anAttemptFailureWhoseStartWasNotSeenIsStillRecorded() {
        apply(sent("n1", "r1", Set.of(Channel.WEBHOOK), Map.of(), null), at(0));

        apply(failedForGood("n1", Channel.WEBHOOK, 3, "410 gone"), at(9));

        assertThat(channel("n1", Channel.WEBHOOK)).isEqualTo(new ChannelStatus(
                Channel.WEBHOOK, ChannelState.FAILED, List.of(new DeliveryAttempt(3, millis(at(9)), "410 gone"))));
    }

    @Test
    void unknownNotificationsHaveNoStatusAndTheirEventsCreateNothing() {
        apply(attemptStarted("ghost", Channel.EMAIL, 1), at(1));
        apply(succeeded("ghost", Channel.EMAIL, 1), at(2));
        apply(released("ghost", "r1"), at(3));

        assertThat(projection.handle(new FindNotificationStatusQuery("ghost"))).isEmpty();
        assertThat(storage.count(COLLECTION)).isZero();
    }

    @Test
    void everyEventAppliedTwiceChangesNothing() {
        for (Timed step : scenario()) {
            step.applyTo(projection);
            Map<String, List<String>> once = storage.dump(List.of(COLLECTION));

            step.applyTo(projection);

            assertThat(storage.dump(List.of(COLLECTION))).as("twice: " + step).isEqualTo(once);
        }
    }

    @Test
    void aResetBuildsANewVersionWhileTheOldOneAnswersAndTheRebuildIsIdentical() {
        List<Timed> scenario = scenario();
        scenario.forEach(step -> step.applyTo(projection));
        Map<String, List<String>> first = storage.dump(List.of(COLLECTION));
        NotificationStatus before = status("n1");

        projection.reset();
        String rebuilt = ProjectionVersions.collection(COLLECTION, 2);
        assertThat(storage.count(rebuilt)).isZero();
        assertThat(status("n1")).as("the old version still answers").isEqualTo(before);

        scenario.forEach(step -> step.applyTo(projection));
        assertThat(storage.dump(List.of(rebuilt)).get(rebuilt)).isEqualTo(first.get(COLLECTION));
        assertThat(storage.dump(List.of(COLLECTION))).as("the old version is left alone").isEqualTo(first);

        assertThat(versions.switchOver(NotificationStatusProjection.PROCESSING_GROUP)).isTrue();
        assertThat(status("n1")).isEqualTo(before);
        versions.dropRetired(NotificationStatusProjection.PROCESSING_GROUP, Duration.ZERO);
        assertThat(storage.count(COLLECTION)).isZero();
        assertThat(storage.count(rebuilt)).isEqualTo(first.get(COLLECTION).size());
    }

    @Test
    void batchesOfAnySizeWriteWhatOneEventAtATimeDoes() {
        List<Timed> scenario = scenario();
        scenario.forEach(step -> step.applyTo(projection));
        Map<String, List<String>> expected = storage.dump(List.of(COLLECTION));

        List<EventMessage<?>> messages = scenario.stream()
                .<EventMessage<?>>map(step -> InBatches.message(step.event(), step.at()))
                .toList();
        for (int batchSize : new int[] {2, 5, scenario.size()}) {
            storage.clear();
            projection = new NotificationStatusProjection(storage.statusStore(), storage.versions());
            InBatches.apply(projection, messages, batchSize);
            assertThat(storage.dump(List.of(COLLECTION))).as("batches of " + batchSize).isEqualTo(expected);
        }
        InBatches.apply(projection, messages, scenario.size());
        assertThat(storage.dump(List.of(COLLECTION))).as("the whole batch again").isEqualTo(expected);
    }

    @Test
    void axonFindsTheHandlersAndPassesTheEventTimestamp() throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);

        adapter.handle(new GenericEventMessage<>("event-1", sent("n1", "r1"), MetaData.emptyInstance(), at(5)));
        adapter.handle(new GenericEventMessage<>("event-2", attemptStarted("n1", Channel.EMAIL, 1),
                                                 MetaData.emptyInstance(), at(6)));

        assertThat(status("n1").createdAt()).isEqualTo(millis(at(5)));
        assertThat(channel("n1", Channel.EMAIL).attempts())
                .containsExactly(new DeliveryAttempt(1, millis(at(6)), null));
        adapter.prepareReset(null);
        assertThat(versions.find(NotificationStatusProjection.PROCESSING_GROUP).building()).isEqualTo(2);
    }

    private List<Timed> scenario() {
        List<Timed> steps = new ArrayList<>();
        steps.add(new Timed(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.IN_APP),
                                 Map.of(Channel.PUSH, SkipReason.NO_CONTACT_POINT), null), at(0)));
        steps.add(new Timed(attemptStarted("n1", Channel.EMAIL, 1), at(1)));
        steps.add(new Timed(attemptFailed("n1", Channel.EMAIL, 1, "421", at(60)), at(2)));
        steps.add(new Timed(attemptStarted("n1", Channel.EMAIL, 2), at(60)));
        steps.add(new Timed(succeeded("n1", Channel.EMAIL, 2), at(61)));
        steps.add(new Timed(attemptStarted("n1", Channel.SMS, 1), at(3)));
        steps.add(new Timed(attemptFailed("n1", Channel.SMS, 1, "bad number", null), at(4)));
        steps.add(new Timed(failedForGood("n1", Channel.SMS, 1, "bad number"), at(4)));
        steps.add(new Timed(skipped("n1", Channel.IN_APP, SkipReason.OPTED_OUT), at(5)));
        steps.add(new Timed(scheduled("n2", "r1", at(3600)), at(6)));
        steps.add(new Timed(released("n2", "r1"), at(3600)));
        steps.add(new Timed(attemptStarted("n2", Channel.EMAIL, 1), at(3601)));
        steps.add(new Timed(deliveryCancelled("n2", Channel.EMAIL), at(3602)));
        steps.add(new Timed(scheduled("n3", "r2", at(7200)), at(7)));
        steps.add(new Timed(cancelled("n3", "r2"), at(8)));
        steps.add(new Timed(succeeded("ghost", Channel.EMAIL, 1), at(9)));
        return steps;
    }

    private NotificationStatus status(String notificationId) {
        return projection.handle(new FindNotificationStatusQuery(notificationId)).orElseThrow();
    }

    private ChannelStatus channel(String notificationId, Channel channel) {
        return status(notificationId).channels().stream()
                .filter(candidate -> candidate.channel() == channel)
                .findFirst()
                .orElseThrow();
    }

    private void apply(Object event, Instant at) {
        new Timed(event, at).applyTo(projection);
    }

    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** One event with its time, dispatched to the handler method for its type. */
    private record Timed(Object event, Instant at) {

        void applyTo(NotificationStatusProjection projection) {
            if (event instanceof NotificationSentEvent sent) {
                projection.on(sent, at);
            } else if (event instanceof NotificationReleasedEvent released) {
                projection.on(released);
            } else if (event instanceof NotificationCancelledEvent cancelled) {
                projection.on(cancelled);
            } else if (event instanceof DeliveryAttemptStartedEvent started) {
                projection.on(started, at);
            } else if (event instanceof DeliveryAttemptFailedEvent failed) {
                projection.on(failed, at);
            } else if (event instanceof DeliverySucceededEvent succeeded) {
                projection.on(succeeded, at);
            } else if (event instanceof DeliveryFailedEvent failed) {
                projection.on(failed, at);
            } else if (event instanceof DeliverySkippedEvent skipped) {
                projection.on(skipped);
            } else if (event instanceof DeliveryCancelledEvent cancelled) {
                projection.on(cancelled);
            } else if (event instanceof DeliveryHeldEvent held) {
                projection.on(held);
            } else {
                throw new IllegalArgumentException("no status handler for " + event);
            }
        }

        @Override
        public String toString() {
            return event.getClass().getSimpleName() + " " + event;
        }
    }
}

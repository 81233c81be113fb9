package dev.herald.command.notification;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.IN_APP;
import static dev.herald.api.Channel.PUSH;
import static dev.herald.api.Channel.SMS;
import static dev.herald.api.Channel.WEBHOOK;
import static dev.herald.api.notification.NotificationState.ACCEPTED;
import static dev.herald.api.notification.NotificationState.COMPLETED;
import static dev.herald.api.notification.NotificationState.SCHEDULED;
import static dev.herald.command.HeraldMatchers.rejectedWith;
import static dev.herald.command.CommandTestMessages.CATEGORY;
import static dev.herald.command.CommandTestMessages.FINGERPRINT;
import static dev.herald.command.CommandTestMessages.IN_AN_HOUR;
import static dev.herald.command.CommandTestMessages.NOTIFICATION_ID;
import static dev.herald.command.CommandTestMessages.NOW;
import static dev.herald.command.CommandTestMessages.OTHER_CATEGORY;
import static dev.herald.command.CommandTestMessages.OTHER_FINGERPRINT;
import static dev.herald.command.CommandTestMessages.OTHER_RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.OTHER_SENDER_ID;
import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.SENDER_ID;
import static dev.herald.command.CommandTestMessages.TEMPLATE_KEY;
import static dev.herald.command.CommandTestMessages.emailOnly;
import static dev.herald.command.CommandTestMessages.everyContactPoint;
import static dev.herald.command.CommandTestMessages.notificationSent;
import static dev.herald.command.CommandTestMessages.sendNotification;
import static dev.herald.command.CommandTestMessages.sendNotificationTo;
import static dev.herald.command.CommandTestMessages.templateContent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.ErrorCode;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.CancelNotificationCommand;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationState;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.api.notification.RecordDeliveryAttemptFailedCommand;
import dev.herald.api.notification.RecordDeliveryAttemptStartedCommand;
import dev.herald.api.notification.RecordDeliveryCancelledCommand;
import dev.herald.api.notification.RecordDeliveryFailedCommand;
import dev.herald.api.notification.RecordDeliveryHeldCommand;
import dev.herald.api.notification.RecordDeliverySkippedCommand;
import dev.herald.api.notification.RecordDeliverySucceededCommand;
import dev.herald.api.notification.ReleaseNotificationCommand;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.notification.SendNotificationResult;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.template.TemplateRef;
import dev.herald.api.throttle.PassThrottleCommand;
import dev.herald.api.throttle.ThrottleRule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final Instant AFTER_SEND_TIME = IN_AN_HOUR.plusSeconds(1);
    private static final Instant RETRY_AT = NOW.plusSeconds(30);

    private AggregateTestFixture<Notification> fixture;
    private FakeRecipientDirectory recipients;
    private FakeThrottleGate throttles;

    @BeforeEach
    void setUp() {
        recipients = new FakeRecipientDirectory().register(RECIPIENT_ID, everyContactPoint());
        fixture = new AggregateTestFixture<>(Notification.class);
        throttles = new FakeThrottleGate();
        fixture.registerInjectableResource(recipients);
        fixture.registerInjectableResource(throttles);
    }

    private static final ThrottleRule THREE_AN_HOUR = new ThrottleRule("marketing", 3, Duration.ofHours(1));

    private static SendNotificationCommand throttled(ThrottleRule rule, Channel... channels) {
        SendNotificationCommand send = sendNotification(null, channels);
        return new SendNotificationCommand(send.notificationId(), send.senderId(), send.recipientId(),
                                           send.category(), send.priority(), send.channels(), send.title(),
                                           send.body(), send.data(), null, send.requestFingerprint(), null, null,
                                           rule);
    }

    private static NotificationSentEvent sentSkipping(Map<Channel, SkipReason> skipped, Channel... channels) {
        NotificationSentEvent sent = notificationSent(null, channels);
        return new NotificationSentEvent(sent.notificationId(), sent.senderId(), sent.recipientId(), sent.category(),
                                         sent.priority(), sent.requestedChannels(), skipped, sent.title(),
                                         sent.body(), sent.data(), null, sent.contactPoints(),
                                         sent.requestFingerprint());
    }

    @Test
    void aSendThatPassesItsThrottleIsSentAsAnyOtherAfterAskingTheRecipientsThrottleOfItsKey() {
        fixture.givenCurrentTime(NOW)
               .when(throttled(THREE_AN_HOUR, EMAIL, IN_APP))
               .expectEvents(notificationSent(null, EMAIL, IN_APP))
               .expectResultMessagePayload(result(ACCEPTED, false));
        assertThat(throttles.asked()).containsExactly(
                new PassThrottleCommand(RECIPIENT_ID, THREE_AN_HOUR, NOTIFICATION_ID));
    }

    @Test
    void aThrottledSendIsAcceptedWithEveryChannelSkippedAsThrottled() {
        throttles.closing("marketing");
        fixture.givenCurrentTime(NOW)
               .when(throttled(THREE_AN_HOUR, EMAIL, SMS, IN_APP))
               .expectEvents(sentSkipping(Map.of(EMAIL, SkipReason.THROTTLED, SMS, SkipReason.THROTTLED,
                                                 IN_APP, SkipReason.THROTTLED), EMAIL, SMS, IN_APP))
               .expectResultMessagePayload(result(COMPLETED, false));
    }

    @Test
    void aThrottledSendKeepsTheReasonOfChannelsSkippedAnyway() {
        recipients.skipping(RECIPIENT_ID, CATEGORY, Map.of(EMAIL, SkipReason.OPTED_OUT));
        throttles.closing("marketing");
        fixture.givenCurrentTime(NOW)
               .when(throttled(THREE_AN_HOUR, EMAIL, IN_APP))
               .expectEvents(sentSkipping(Map.of(EMAIL, SkipReason.OPTED_OUT, IN_APP, SkipReason.THROTTLED),
                                          EMAIL, IN_APP));
    }

    @Test
    void aSendThatReachesNoChannelAnywayTakesNoPlaceInTheThrottle() {
        recipients.skipping(RECIPIENT_ID, CATEGORY, Map.of(EMAIL, SkipReason.OPTED_OUT));
        fixture.givenCurrentTime(NOW)
               .when(throttled(THREE_AN_HOUR, EMAIL))
               .expectEvents(sentSkipping(Map.of(EMAIL, SkipReason.OPTED_OUT), EMAIL));
        assertThat(throttles.asked()).isEmpty();
    }

    @Test
    void aRepeatedThrottledSendAnswersFromTheStoredNotificationWithoutAskingTheThrottleAgain() {
        throttles.closing("marketing");
        fixture.given(sentSkipping(Map.of(EMAIL, SkipReason.THROTTLED), EMAIL))
               .when(throttled(THREE_AN_HOUR, EMAIL))
               .expectNoEvents()
               .expectResultMessagePayload(result(COMPLETED, true));
        assertThat(throttles.asked()).isEmpty();
    }

    @Test
    void theRecipientsQuietHoursGoWithTheSend() {
        QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
        recipients.quietHours(RECIPIENT_ID, night);
        NotificationSentEvent sent = notificationSent(null, EMAIL);
        fixture.givenCurrentTime(NOW)
               .when(sendNotification(null, EMAIL))
               .expectEvents(new NotificationSentEvent(sent.notificationId(), sent.senderId(), sent.recipientId(),
                                                       sent.category(), sent.priority(), sent.requestedChannels(),
                                                       sent.skippedChannels(), sent.title(), sent.body(),
                                                       sent.data(), null, sent.contactPoints(),
                                                       sent.requestFingerprint(), null, null, night));
    }

    @Test
    void aHoldIsRecordedForTheChannelsStillOpenAndOnlyOnce() {
        Instant until = NOW.plus(Duration.ofHours(8));
        fixture.given(notificationSent(null, EMAIL, SMS, IN_APP),
                      new DeliverySkippedEvent(NOTIFICATION_ID, RECIPIENT_ID, SMS, SkipReason.OPTED_OUT))
               .when(new RecordDeliveryHeldCommand(NOTIFICATION_ID, Set.of(EMAIL, SMS), until))
               .expectEvents(new DeliveryHeldEvent(NOTIFICATION_ID, RECIPIENT_ID, Set.of(EMAIL), until));

        setUp();
        fixture.given(notificationSent(null, EMAIL, IN_APP),
                      new DeliveryHeldEvent(NOTIFICATION_ID, RECIPIENT_ID, Set.of(EMAIL), until))
               .when(new RecordDeliveryHeldCommand(NOTIFICATION_ID, Set.of(EMAIL), until))
               .expectNoEvents();
    }

    @Test
    void sendWithoutSendTimeIsAccepted() {
        fixture.givenCurrentTime(NOW)
               .when(sendNotification(null, EMAIL, SMS))
               .expectEvents(notificationSent(null, EMAIL, SMS))
               .expectResultMessagePayload(result(ACCEPTED, false));
    }

    @Test
    void aTemplatedSendStoresWhatWasRenderedAndFromWhichVersion() {
        ChannelContents rendered = templateContent("Hallo");
        TemplateRef template = new TemplateRef(TEMPLATE_KEY, 3, "de");
        SendNotificationCommand send = new SendNotificationCommand(
                NOTIFICATION_ID, SENDER_ID, RECIPIENT_ID, CATEGORY, Priority.HIGH, Set.of(EMAIL, IN_APP),
                "Your invoice", "It is ready.", Map.of("amount", 42), null, FINGERPRINT, template, rendered);
        fixture.givenCurrentTime(NOW)
               .when(send)
               .expectEvents(new NotificationSentEvent(NOTIFICATION_ID, SENDER_ID, RECIPIENT_ID, CATEGORY,
                                                       Priority.HIGH, EnumSet.of(EMAIL, IN_APP), Map.of(),
                                                       "Your invoice", "It is ready.", Map.of("amount", 42), null,
                                                       everyContactPoint(), FINGERPRINT, template, rendered));
    }

    /**
     * A digest holds back EMAIL, PUSH and SMS (skipped as DIGESTED: they go out in the digest notification), while
     * IN_APP and WEBHOOK go out at once.
     */
    @Test
    void aSendWithADigestHoldsBackItsDigestChannels() {
        DigestRequest digest = new DigestRequest("comments", "PT10M");
        SendNotificationCommand send = new SendNotificationCommand(
                NOTIFICATION_ID, SENDER_ID, RECIPIENT_ID, CATEGORY, Priority.HIGH,
                Set.of(EMAIL, PUSH, SMS, WEBHOOK, IN_APP), "Your invoice", "It is ready.", Map.of(), null,
                FINGERPRINT, null, null, null, digest);
        fixture.givenCurrentTime(NOW)
               .when(send)
               .expectEvents(new NotificationSentEvent(
                       NOTIFICATION_ID, SENDER_ID, RECIPIENT_ID, CATEGORY, Priority.HIGH,
                       EnumSet.of(EMAIL, PUSH, SMS, WEBHOOK, IN_APP),
                       Map.of(EMAIL, SkipReason.DIGESTED, PUSH, SkipReason.DIGESTED, SMS, SkipReason.DIGESTED),
                       "Your invoice", "It is ready.", Map.of(), null, everyContactPoint(), FINGERPRINT, null, null,
                       null, digest))
               .expectResultMessagePayload(result(ACCEPTED, false));
    }

    @Test
    void sendWithAFutureSendTimeIsScheduled() {
        fixture.givenCurrentTime(NOW)
               .when(sendNotification(IN_AN_HOUR, EMAIL))
               .expectEvents(notificationSent(IN_AN_HOUR, EMAIL))
               .expectResultMessagePayload(result(SCHEDULED, false));
    }

    @Test
    void sendWhoseSendTimeHasComeIsSentNowWithoutASendTime() {
        fixture.givenCurrentTime(NOW)
               .when(sendNotification(NOW, EMAIL))
               .expectEvents(notificationSent(null, EMAIL))
               .expectResultMessagePayload(result(ACCEPTED, false));
    }

    @Test
    void channelsTheRecipientOptedOutOfOrCannotBeReachedOnAreSkippedAtSendTime() {
        recipients.register(RECIPIENT_ID, emailOnly())
                  .skipping(RECIPIENT_ID, CATEGORY, Map.of(EMAIL, SkipReason.OPTED_OUT,
                                                           PUSH, SkipReason.NO_CONTACT_POINT))
                  .skipping(RECIPIENT_ID, OTHER_CATEGORY, Map.of(IN_APP, SkipReason.OPTED_OUT));

        fixture.givenCurrentTime(NOW)
               .when(sendNotification(null, EMAIL, PUSH, IN_APP))
               .expectEvents(notificationSent(null, emailOnly(), Map.of(EMAIL, SkipReason.OPTED_OUT,
                                                                        PUSH, SkipReason.NO_CONTACT_POINT),
                                              EMAIL, PUSH, IN_APP))
               .expectResultMessagePayload(result(ACCEPTED, false));
    }

    @Test
    void sendIsAcceptedAndAtOnceCompletedWhenEveryChannelIsSkipped() {
        recipients.skipping(RECIPIENT_ID, CATEGORY, Map.of(EMAIL, SkipReason.OPTED_OUT));

        fixture.givenCurrentTime(NOW)
               .when(sendNotification(null, EMAIL))
               .expectEvents(notificationSent(null, everyContactPoint(), Map.of(EMAIL, SkipReason.OPTED_OUT), EMAIL))
               .expectResultMessagePayload(result(COMPLETED, false));
    }

    @Test
    void sendToAnUnknownRecipientIsRejected() {
        fixture.givenNoPriorActivity()
               .when(sendNotificationTo(OTHER_RECIPIENT_ID, EMAIL))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.RECIPIENT_NOT_FOUND));
    }

    @Test
    void repeatedSendAnswersWithTheCurrentStateAndStoresNothing() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, EMAIL))
               .when(sendNotification(IN_AN_HOUR, EMAIL))
               .expectNoEvents()
               .expectResultMessagePayload(result(SCHEDULED, true));
    }

    @Test
    void sameKeyWithOtherContentIsAReusedKey() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL))
               .when(sendNotification(SENDER_ID, OTHER_FINGERPRINT, null, EMAIL))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void sameIdFromAnotherSenderIsAReusedKey() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL))
               .when(sendNotification(OTHER_SENDER_ID, FINGERPRINT, null, EMAIL))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void recipientMarksReadThenUnread() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP))
               .when(new MarkNotificationReadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectEvents(new NotificationReadEvent(NOTIFICATION_ID, RECIPIENT_ID));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP), new NotificationReadEvent(NOTIFICATION_ID, RECIPIENT_ID))
               .when(new MarkNotificationUnreadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectEvents(new NotificationUnreadEvent(NOTIFICATION_ID, RECIPIENT_ID));
    }

    @Test
    void readingWhatIsReadAndUnreadingWhatIsUnreadChangeNothing() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP), new NotificationReadEvent(NOTIFICATION_ID, RECIPIENT_ID))
               .when(new MarkNotificationReadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectNoEvents();
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP))
               .when(new MarkNotificationUnreadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectNoEvents();
    }

    @Test
    void recipientArchivesOnce() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP))
               .when(new ArchiveNotificationCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectEvents(new NotificationArchivedEvent(NOTIFICATION_ID, RECIPIENT_ID));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP), new NotificationArchivedEvent(NOTIFICATION_ID, RECIPIENT_ID))
               .when(new ArchiveNotificationCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectNoEvents();
    }

    @Test
    void anotherRecipientCannotSeeTheNotification() {
        for (Object command : List.of(new MarkNotificationReadCommand(NOTIFICATION_ID, OTHER_RECIPIENT_ID),
                                      new MarkNotificationUnreadCommand(NOTIFICATION_ID, OTHER_RECIPIENT_ID),
                                      new ArchiveNotificationCommand(NOTIFICATION_ID, OTHER_RECIPIENT_ID))) {
            fixture.givenCurrentTime(NOW)
                   .andGiven(notificationSent(null, IN_APP), new NotificationReadEvent(NOTIFICATION_ID, RECIPIENT_ID))
                   .when(command)
                   .expectNoEvents()
                   .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_FOUND));
        }
    }

    @Test
    void aNotificationIsNotVisibleToItsRecipientBeforeItIsReleased() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, IN_APP))
               .when(new MarkNotificationReadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_FOUND));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, IN_APP), new NotificationReleasedEvent(NOTIFICATION_ID,
                                                                                              RECIPIENT_ID))
               .when(new MarkNotificationReadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectEvents(new NotificationReadEvent(NOTIFICATION_ID, RECIPIENT_ID));
    }

    @Test
    void aCancelledNotificationIsNotVisibleToItsRecipient() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, IN_APP), cancelled(),
                         new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, IN_APP))
               .when(new ArchiveNotificationCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_FOUND));
    }

    @Test
    void senderCancelsAScheduledNotificationBeforeItsSendTimeAndEveryOpenChannelIsCancelled() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, everyContactPoint(), Map.of(PUSH, SkipReason.OPTED_OUT),
                                          EMAIL, SMS, PUSH))
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectEvents(cancelled(),
                             new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL),
                             new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, SMS));
    }

    @Test
    void aScheduledNotificationCannotBeCancelledOnceItsSendTimeHasComeEvenBeforeItIsReleased() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, EMAIL))
               .andGivenCurrentTime(AFTER_SEND_TIME)
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_CANCELLABLE));
    }

    @Test
    void cancelDuringDeliveryStopsTheChannelsStillOpen() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS),
                         new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1))
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectEvents(new NotificationCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID),
                             new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, SMS));
    }

    @Test
    void notificationWhoseChannelsAllHaveOutcomesCannotBeCancelled() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL),
                         new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1))
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_CANCELLABLE));
    }

    @Test
    void notificationCancelledDuringDeliveryStaysVisibleToItsRecipient() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS),
                         new NotificationCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID),
                         new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL),
                         new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, SMS))
               .when(new MarkNotificationReadCommand(NOTIFICATION_ID, RECIPIENT_ID))
               .expectEvents(new NotificationReadEvent(NOTIFICATION_ID, RECIPIENT_ID));
    }

    @Test
    void attemptThatMayNoLongerGoAheadAnswersFalse() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL),
                         new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 1))
               .expectNoEvents()
               .expectResultMessagePayload(false);
    }

    @Test
    void attemptThatMayGoAheadAnswersTrue() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 1))
               .expectEvents(new DeliveryAttemptStartedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1))
               .expectResultMessagePayload(true);
    }

    @Test
    void anotherSenderCannotSeeTheNotificationToCancelIt() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, EMAIL))
               .when(new CancelNotificationCommand(NOTIFICATION_ID, OTHER_SENDER_ID))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_FOUND));
    }

    @Test
    void cancellingACancelledNotificationChangesNothing() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, EMAIL), cancelled(),
                         new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL))
               .andGivenCurrentTime(AFTER_SEND_TIME)
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void releaseMakesAScheduledNotificationDue() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, EMAIL))
               .when(new ReleaseNotificationCommand(NOTIFICATION_ID))
               .expectEvents(released());
        assertStatus(ACCEPTED, notificationSent(IN_AN_HOUR, EMAIL), released());
    }

    @Test
    void inAppIsPlacedByTheSendItselfAndAwaitsNoOutcome() {
        fixture.givenCurrentTime(NOW)
               .when(sendNotification(null, IN_APP))
               .expectEvents(notificationSent(null, IN_APP))
               .expectResultMessagePayload(result(ACCEPTED, false));
        assertStatus(COMPLETED, notificationSent(null, IN_APP));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, IN_APP))
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.NOTIFICATION_NOT_CANCELLABLE));
        for (Object command : everyDeliveryCommandOn(IN_APP)) {
            fixture.givenCurrentTime(NOW)
                   .andGiven(notificationSent(null, EMAIL, IN_APP))
                   .when(command)
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Test
    void cancelDuringDeliveryLeavesInAppToTheInbox() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, IN_APP))
               .when(new CancelNotificationCommand(NOTIFICATION_ID, SENDER_ID))
               .expectEvents(cancelled(), new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL));
    }

    @Test
    void releaseSaysWhetherItPlacesTheNotificationInTheInbox() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, EMAIL, IN_APP))
               .when(new ReleaseNotificationCommand(NOTIFICATION_ID))
               .expectEvents(new NotificationReleasedEvent(NOTIFICATION_ID, RECIPIENT_ID, true));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(IN_AN_HOUR, everyContactPoint(), Map.of(IN_APP, SkipReason.OPTED_OUT),
                                          EMAIL, IN_APP))
               .when(new ReleaseNotificationCommand(NOTIFICATION_ID))
               .expectEvents(released());
        assertStatus(COMPLETED, notificationSent(IN_AN_HOUR, IN_APP),
                     new NotificationReleasedEvent(NOTIFICATION_ID, RECIPIENT_ID, true));
    }

    /** Events stored before the inbox took IN_APP over record its outcome with an event of its own. */
    @Test
    void anInAppOutcomeEventStoredEarlierStillLoads() {
        assertStatus(COMPLETED, notificationSent(null, IN_APP),
                     new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, IN_APP, 1));
        assertStatus(COMPLETED, notificationSent(IN_AN_HOUR, IN_APP), released(),
                     new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, IN_APP, 1));
    }

    @Test
    void releaseOfANotificationWhoseChannelsWereAllSkippedCompletesIt() {
        assertStatus(COMPLETED,
                     notificationSent(IN_AN_HOUR, everyContactPoint(), Map.of(EMAIL, SkipReason.OPTED_OUT), EMAIL),
                     released());
    }

    @Test
    void releaseOfAnythingButAScheduledNotificationChangesNothing() {
        List<List<Object>> histories = List.of(
                List.of(notificationSent(null, EMAIL)),
                List.of(notificationSent(IN_AN_HOUR, EMAIL), released()),
                List.of(notificationSent(IN_AN_HOUR, EMAIL), cancelled(),
                        new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL)));
        for (List<Object> history : histories) {
            fixture.givenCurrentTime(NOW)
                   .andGiven(history)
                   .when(new ReleaseNotificationCommand(NOTIFICATION_ID))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Test
    void attemptStartedIsRecordedOncePerAttemptNumber() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 1))
               .expectEvents(new DeliveryAttemptStartedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL), attemptStarted(EMAIL, 1))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 1))
               .expectNoEvents();
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL), attemptStarted(EMAIL, 1), attemptFailed(EMAIL, 1))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 2))
               .expectEvents(new DeliveryAttemptStartedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 2));
    }

    @Test
    void eachRecordedAttemptNamesTheProviderItWentTo() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 1, "primary"))
               .expectEvents(new DeliveryAttemptStartedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1, "primary"));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL), attemptStarted(EMAIL, 1))
               .when(new RecordDeliveryAttemptFailedCommand(NOTIFICATION_ID, EMAIL, 1, "421 try later", true,
                                                            RETRY_AT, "primary"))
               .expectEvents(new DeliveryAttemptFailedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1, "421 try later",
                                                            true, RETRY_AT, "primary"));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL), attemptStarted(EMAIL, 1), attemptFailed(EMAIL, 1))
               .when(new RecordDeliverySucceededCommand(NOTIFICATION_ID, EMAIL, 2, "secondary"))
               .expectEvents(new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 2, "secondary"));
    }

    @Test
    void attemptNumbersOnOneChannelDoNotAffectAnother() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS), attemptStarted(EMAIL, 1))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, SMS, 1))
               .expectEvents(new DeliveryAttemptStartedEvent(NOTIFICATION_ID, RECIPIENT_ID, SMS, 1));
    }

    @Test
    void failedAttemptIsRecordedOncePerAttemptNumber() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL), attemptStarted(EMAIL, 1))
               .when(new RecordDeliveryAttemptFailedCommand(NOTIFICATION_ID, EMAIL, 1, "421 try later", true,
                                                            RETRY_AT))
               .expectEvents(attemptFailed(EMAIL, 1));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL), attemptStarted(EMAIL, 1), attemptFailed(EMAIL, 1))
               .when(new RecordDeliveryAttemptFailedCommand(NOTIFICATION_ID, EMAIL, 1, "421 try later", true,
                                                            RETRY_AT))
               .expectNoEvents();
    }

    @Test
    void eachFinalOutcomeIsRecorded() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS), attemptStarted(EMAIL, 1))
               .when(new RecordDeliverySucceededCommand(NOTIFICATION_ID, EMAIL, 1))
               .expectEvents(new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS), attemptStarted(EMAIL, 1), attemptFailed(EMAIL, 1))
               .when(new RecordDeliveryFailedCommand(NOTIFICATION_ID, EMAIL, 1, "550 no such user"))
               .expectEvents(new DeliveryFailedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1, "550 no such user"));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS), attemptStarted(EMAIL, 1), attemptFailed(EMAIL, 1))
               .when(new RecordDeliverySkippedCommand(NOTIFICATION_ID, EMAIL, SkipReason.OPTED_OUT))
               .expectEvents(new DeliverySkippedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, SkipReason.OPTED_OUT));
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL, SMS))
               .when(new RecordDeliveryCancelledCommand(NOTIFICATION_ID, EMAIL))
               .expectEvents(new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL));
    }

    @Test
    void everyDeliveryCommandIsANoOpOnceTheChannelIsFinal() {
        for (Object finalOutcome : List.of(new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1),
                                           new DeliveryFailedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1, "550"),
                                           new DeliverySkippedEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL,
                                                                    SkipReason.OPTED_OUT),
                                           new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL))) {
            for (Object command : everyDeliveryCommandOn(EMAIL)) {
                fixture.givenCurrentTime(NOW)
                       .andGiven(notificationSent(null, EMAIL, SMS), attemptStarted(EMAIL, 1), finalOutcome)
                       .when(command)
                       .expectSuccessfulHandlerExecution()
                       .expectNoEvents();
            }
        }
    }

    @Test
    void aChannelSkippedAtSendTimeIsFinalFromTheStart() {
        for (Object command : everyDeliveryCommandOn(PUSH)) {
            fixture.givenCurrentTime(NOW)
                   .andGiven(notificationSent(null, everyContactPoint(), Map.of(PUSH, SkipReason.NO_CONTACT_POINT),
                                              EMAIL, PUSH))
                   .when(command)
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Test
    void aDeliveryCommandForAChannelThatWasNotRequestedIsAProgrammingError() {
        for (Object command : everyDeliveryCommandOn(WEBHOOK)) {
            fixture.givenCurrentTime(NOW)
                   .andGiven(notificationSent(null, EMAIL))
                   .when(command)
                   .expectNoEvents()
                   .expectException(IllegalArgumentException.class);
        }
    }

    @Test
    void attemptsAreNumberedFromOne() {
        fixture.givenCurrentTime(NOW)
               .andGiven(notificationSent(null, EMAIL))
               .when(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, EMAIL, 0))
               .expectException(IllegalArgumentException.class);
    }

    @Test
    void theNotificationIsCompletedOnlyOnceEveryChannelIsFinal() {
        assertStatus(ACCEPTED, notificationSent(null, EMAIL, SMS),
                     new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1));
        assertStatus(ACCEPTED, notificationSent(null, EMAIL, SMS),
                     new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1), attemptFailed(SMS, 1));
        assertStatus(COMPLETED, notificationSent(null, EMAIL, SMS),
                     new DeliverySucceededEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL, 1),
                     new DeliveryFailedEvent(NOTIFICATION_ID, RECIPIENT_ID, SMS, 3, "no route"));
    }

    @Test
    void aCancelledNotificationStaysCancelledWhenItsChannelsEnd() {
        assertStatus(NotificationState.CANCELLED, notificationSent(IN_AN_HOUR, EMAIL), cancelled(),
                     new DeliveryCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID, EMAIL));
    }

    /** The state shows in the answer to a repeated send, which is how a sender would observe it. */
    private void assertStatus(NotificationState expected, Object... history) {
        fixture.givenCurrentTime(NOW)
               .andGiven(history)
               .when(repeatOf(history[0]))
               .expectNoEvents()
               .expectResultMessagePayload(result(expected, true));
    }

    private static Object repeatOf(Object sentEvent) {
        NotificationSentEvent sent = (NotificationSentEvent) sentEvent;
        return sendNotification(sent.sendAt(), sent.requestedChannels().toArray(Channel[]::new));
    }

    private static List<Object> everyDeliveryCommandOn(Channel channel) {
        return List.of(new RecordDeliveryAttemptStartedCommand(NOTIFICATION_ID, channel, 2),
                       new RecordDeliveryAttemptFailedCommand(NOTIFICATION_ID, channel, 2, "timeout", true, RETRY_AT),
                       new RecordDeliverySucceededCommand(NOTIFICATION_ID, channel, 2),
                       new RecordDeliveryFailedCommand(NOTIFICATION_ID, channel, 2, "timeout"),
                       new RecordDeliverySkippedCommand(NOTIFICATION_ID, channel, SkipReason.OPTED_OUT),
                       new RecordDeliveryCancelledCommand(NOTIFICATION_ID, channel));
    }

    private static SendNotificationResult result(NotificationState status, boolean repeated) {
        return new SendNotificationResult(NOTIFICATION_ID, status, repeated);
    }

    private static NotificationReleasedEvent released() {
        return new NotificationReleasedEvent(NOTIFICATION_ID, RECIPIENT_ID);
    }

    private static NotificationCancelledEvent cancelled() {
        return new NotificationCancelledEvent(NOTIFICATION_ID, RECIPIENT_ID);
    }

    private static DeliveryAttemptStartedEvent attemptStarted(Channel channel, int attempt) {
        return new DeliveryAttemptStartedEvent(NOTIFICATION_ID, RECIPIENT_ID, channel, attempt);
    }

    private static DeliveryAttemptFailedEvent attemptFailed(Channel channel, int attempt) {
        return new DeliveryAttemptFailedEvent(NOTIFICATION_ID, RECIPIENT_ID, channel, attempt, "421 try later", true,
                                              RETRY_AT);
    }
}

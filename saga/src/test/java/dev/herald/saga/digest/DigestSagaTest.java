package dev.herald.saga.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.AggregateIds;
import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.Priority;
import dev.herald.api.digest.DigestItem;
import dev.herald.api.digest.DigestNotificationIds;
import dev.herald.api.digest.DigestReleasedEvent;
import dev.herald.api.digest.DigestWindowOpenedEvent;
import dev.herald.api.digest.ReleaseDigestCommand;
import dev.herald.api.notification.SendNotificationCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DigestSagaTest {

    private static final Instant START = Instant.parse("2030-01-01T09:00:00Z");
    private static final String RECIPIENT_ID = "ada";
    private static final String KEY = "comments";
    private static final String DIGEST_ID = AggregateIds.digest(RECIPIENT_ID, KEY);
    private static final String WINDOW_ID = DigestNotificationIds.windowId(DIGEST_ID, 1);
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final DigestItem FIRST = new DigestItem("11111111-1111-3111-8111-111111111111", "acme",
                                                           "social", Priority.NORMAL, "Bob commented", "Nice!",
                                                           Set.of(Channel.EMAIL), START);
    private static final DigestItem SECOND = new DigestItem("22222222-2222-3222-8222-222222222222", "acme",
                                                            "social", Priority.HIGH, "Eve commented", "",
                                                            Set.of(Channel.PUSH), START);

    private final SagaTestFixture<DigestSaga> fixture = new SagaTestFixture<>(DigestSaga.class);

    @BeforeEach
    void setUp() {
        fixture.registerResource(new CommandTimeout(Duration.ofSeconds(5)));
        fixture.givenCurrentTime(START);
    }

    @Test
    void anOpenedWindowSchedulesItsClose() {
        fixture.givenNoPriorActivity()
               .whenAggregate(DIGEST_ID).publishes(opened())
               .expectActiveSagas(1)
               .expectAssociationWith(DigestSaga.WINDOW_ID, WINDOW_ID)
               .expectScheduledDeadline(WINDOW, new DigestCloseDue(1))
               .expectNoDispatchedCommands();
    }

    @Test
    void theCloseAsksForTheReleaseAndAsksAgainUntilItArrives() {
        fixture.givenAggregate(DIGEST_ID).published(opened())
               .whenTimeElapses(WINDOW)
               .expectDispatchedCommands(new ReleaseDigestCommand(DIGEST_ID, 1))
               .expectScheduledDeadline(DigestSaga.CLOSE_RECHECK, new DigestCloseDue(1))
               .expectActiveSagas(1);
    }

    @Test
    void theReleaseSendsOneDigestNotificationUnderTheReleasedIdAndEnds() {
        fixture.givenAggregate(DIGEST_ID).published(opened())
               .whenTimeElapses(WINDOW)
               .expectDispatchedCommands(new ReleaseDigestCommand(DIGEST_ID, 1));
        fixture.whenAggregate(DIGEST_ID).publishes(released(FIRST, SECOND))
               .expectDispatchedCommands(DigestNotification.of(released(FIRST, SECOND)))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    /**
     * The window closed while an item for it was being handled, so the item released it: the release arrives before
     * the close deadline fires. The deadline goes, the digest goes out once.
     */
    @Test
    void aReleaseBeforeTheCloseTimeCancelsTheCloseAndSends() {
        fixture.givenAggregate(DIGEST_ID).published(opened())
               .whenAggregate(DIGEST_ID).publishes(released(FIRST))
               .expectDispatchedCommands(DigestNotification.of(released(FIRST)))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    /** A second release event of the same window (there is none: the aggregate releases once) finds no saga. */
    @Test
    void aRepeatedReleaseSendsNothingMore() {
        fixture.givenAggregate(DIGEST_ID).published(opened(), released(FIRST))
               .whenAggregate(DIGEST_ID).publishes(released(FIRST))
               .expectNoDispatchedCommands()
               .expectActiveSagas(0);
    }

    @Test
    void aFailedSendIsTriedAgainLaterUntilItIsAccepted() {
        AtomicInteger sends = new AtomicInteger();
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof SendNotificationCommand && sends.incrementAndGet() == 1) {
                throw new IllegalStateException("event store unavailable");
            }
            return null;
        });
        fixture.givenAggregate(DIGEST_ID).published(opened())
               .whenAggregate(DIGEST_ID).publishes(released(FIRST))
               .expectScheduledDeadline(DigestSaga.FIRST_SEND_RETRY, new DigestSendDue(1))
               .expectActiveSagas(1);
        fixture.whenTimeElapses(DigestSaga.FIRST_SEND_RETRY)
               .expectDispatchedCommands(DigestNotification.of(released(FIRST)))
               .expectActiveSagas(0);
        assertThat(sends).hasValue(2);
    }

    @Test
    void aSendForARecipientThatIsGoneEnds() {
        fixture.setCallbackBehavior((command, metaData) -> {
            throw new CommandExecutionException("recipient 'ada' not found", null,
                                                new ErrorDetails(ErrorCode.RECIPIENT_NOT_FOUND, "not found"));
        });
        fixture.givenAggregate(DIGEST_ID).published(opened())
               .whenAggregate(DIGEST_ID).publishes(released(FIRST))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    @Test
    void theDigestNotificationListsTheItemsOnTheirChannelsAtTheirHighestPriority() {
        SendNotificationCommand send = DigestNotification.of(released(FIRST, SECOND));
        assertThat(send.notificationId()).isEqualTo(DigestNotificationIds.of(DIGEST_ID, 1));
        assertThat(send.recipientId()).isEqualTo(RECIPIENT_ID);
        assertThat(send.channels()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.PUSH);
        assertThat(send.priority()).isEqualTo(Priority.HIGH);
        assertThat(send.title()).isEqualTo("2 new notifications (comments)");
        assertThat(send.body()).isEqualTo("- Bob commented: Nice!\n- Eve commented");
        assertThat(send.data()).isEqualTo(Map.of("digest", KEY, "window", 1L,
                                                 "items", List.of(FIRST.notificationId(), SECOND.notificationId())));
        assertThat(DigestNotification.of(released(FIRST, SECOND))).as("the same for every repeat").isEqualTo(send);
    }

    private static DigestWindowOpenedEvent opened() {
        return new DigestWindowOpenedEvent(DIGEST_ID, RECIPIENT_ID, KEY, 1, "PT10M", START.plus(WINDOW));
    }

    private static DigestReleasedEvent released(DigestItem... items) {
        return new DigestReleasedEvent(DIGEST_ID, RECIPIENT_ID, KEY, 1, DigestNotificationIds.of(DIGEST_ID, 1),
                                       List.of(items));
    }
}

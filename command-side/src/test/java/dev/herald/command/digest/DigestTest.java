package dev.herald.command.digest;

import static dev.herald.command.CommandTestMessages.CATEGORY;
import static dev.herald.command.CommandTestMessages.NOW;
import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.SENDER_ID;

import dev.herald.api.AggregateIds;
import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.digest.CollectDigestItemCommand;
import dev.herald.api.digest.DigestItem;
import dev.herald.api.digest.DigestItemCollectedEvent;
import dev.herald.api.digest.DigestNotificationIds;
import dev.herald.api.digest.DigestReleasedEvent;
import dev.herald.api.digest.DigestWindowOpenedEvent;
import dev.herald.api.digest.ReleaseDigestCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String KEY = "comments";
    private static final String DIGEST_ID = AggregateIds.digest(RECIPIENT_ID, KEY);
    private static final String TEN_MINUTES = "PT10M";
    private static final Instant CLOSES_AT = NOW.plus(Duration.ofMinutes(10));

    private static final DigestItem FIRST = item("11111111-1111-3111-8111-111111111111", "First comment");
    private static final DigestItem SECOND = item("22222222-2222-3222-8222-222222222222", "Second comment");
    private static final DigestItem THIRD = item("33333333-3333-3333-8333-333333333333", "Third comment");

    private AggregateTestFixture<Digest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Digest.class);
    }

    @Test
    void theFirstItemOpensAWindowThatClosesItsLengthLater() {
        fixture.givenCurrentTime(NOW)
               .when(collect(FIRST))
               .expectEvents(opened(1, CLOSES_AT), collected(1, FIRST));
    }

    @Test
    void anItemInsideTheOpenWindowJoinsIt() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST))
               .andGivenCurrentTime(CLOSES_AT.minusMillis(1))
               .when(collect(SECOND))
               .expectEvents(collected(1, SECOND));
    }

    @Test
    void theReleaseListsTheWindowsItemsUnderAnIdDerivedFromTheWindow() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), collected(1, SECOND))
               .andGivenCurrentTime(CLOSES_AT)
               .when(new ReleaseDigestCommand(DIGEST_ID, 1))
               .expectEvents(released(1, FIRST, SECOND));
    }

    @Test
    void aRepeatedReleaseIsANoOp() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), released(1, FIRST))
               .when(new ReleaseDigestCommand(DIGEST_ID, 1))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aLateReleaseOfAnEarlierWindowLeavesTheOpenOneAlone() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), released(1, FIRST),
                         opened(2, CLOSES_AT.plus(Duration.ofMinutes(10))), collected(2, SECOND))
               .when(new ReleaseDigestCommand(DIGEST_ID, 1))
               .expectNoEvents();
    }

    @Test
    void anItemAlreadyCollectedIsNotCollectedAgainInTheSameWindow() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST))
               .when(collect(FIRST))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    /** The collector delivers an event again after a restart, after its window went out: it stays in that one. */
    @Test
    void anItemAlreadyReleasedIsNotCollectedIntoTheNextWindow() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), released(1, FIRST))
               .andGivenCurrentTime(CLOSES_AT.plusSeconds(5))
               .when(collect(FIRST))
               .expectNoEvents();
    }

    @Test
    void theFirstItemAfterAReleaseOpensTheNextWindow() {
        Instant later = CLOSES_AT.plusSeconds(30);
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), released(1, FIRST))
               .andGivenCurrentTime(later)
               .when(collect(SECOND))
               .expectEvents(opened(2, later.plus(Duration.ofMinutes(10))), collected(2, SECOND));
    }

    /**
     * The window closes while a send for it is being handled: the close time has passed, its release command has
     * not arrived yet. The item does not join the closed window: the window is released as it was, and the item
     * opens the next one. The release command that follows is then a no-op.
     */
    @Test
    void anItemArrivingAfterTheCloseTimeReleasesTheWindowFirstAndOpensTheNext() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST))
               .andGivenCurrentTime(CLOSES_AT)
               .when(collect(SECOND))
               .expectEvents(released(1, FIRST), opened(2, CLOSES_AT.plus(Duration.ofMinutes(10))),
                             collected(2, SECOND));
    }

    /** The same race the other way round: the release was handled first, so the item opens the next window. */
    @Test
    void anItemHandledRightAfterTheReleaseOpensTheNextWindow() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), released(1, FIRST))
               .andGivenCurrentTime(CLOSES_AT)
               .when(collect(SECOND))
               .expectEvents(opened(2, CLOSES_AT.plus(Duration.ofMinutes(10))), collected(2, SECOND));
    }

    /** And handled just before the release: it is in the window the release lists. */
    @Test
    void anItemHandledJustBeforeTheReleaseIsInTheReleasedWindow() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST), collected(1, SECOND))
               .when(new ReleaseDigestCommand(DIGEST_ID, 1))
               .expectEvents(released(1, FIRST, SECOND));
    }

    @Test
    void aWindowKeepsItsLengthWhenALaterItemAsksForAnother() {
        fixture.givenCurrentTime(NOW)
               .andGiven(opened(1, CLOSES_AT), collected(1, FIRST))
               .when(new CollectDigestItemCommand(DIGEST_ID, RECIPIENT_ID, KEY, "PT1H", null, THIRD))
               .expectEvents(collected(1, THIRD));
    }

    /** 07:30 in New York is 12:30 UTC in January: the window closes at 08:00 there, 13:00 UTC. */
    @Test
    void aDailyWindowClosesAtTheNextTimeOfDayInTheRecipientsTimeZone() {
        Instant morning = Instant.parse("2030-01-31T12:30:00Z");
        fixture.givenCurrentTime(morning)
               .when(new CollectDigestItemCommand(DIGEST_ID, RECIPIENT_ID, KEY, "daily@08:00", "America/New_York",
                                                  FIRST))
               .expectEvents(new DigestWindowOpenedEvent(DIGEST_ID, RECIPIENT_ID, KEY, 1, "daily@08:00",
                                                         Instant.parse("2030-01-31T13:00:00Z")),
                             collected(1, FIRST));
    }

    @Test
    void aDailyWindowOpenedAfterItsTimeOfDayClosesTomorrow() {
        Instant evening = Instant.parse("2030-01-31T20:00:00Z");
        fixture.givenCurrentTime(evening)
               .when(new CollectDigestItemCommand(DIGEST_ID, RECIPIENT_ID, KEY, "daily@08:00", null, FIRST))
               .expectEvents(new DigestWindowOpenedEvent(DIGEST_ID, RECIPIENT_ID, KEY, 1, "daily@08:00",
                                                         Instant.parse("2030-02-01T08:00:00Z")),
                             collected(1, FIRST));
    }

    private static DigestItem item(String notificationId, String title) {
        return new DigestItem(notificationId, SENDER_ID, CATEGORY, Priority.NORMAL, title, "", Set.of(Channel.EMAIL),
                              NOW);
    }

    private static CollectDigestItemCommand collect(DigestItem item) {
        return new CollectDigestItemCommand(DIGEST_ID, RECIPIENT_ID, KEY, TEN_MINUTES, "Europe/London", item);
    }

    private static DigestWindowOpenedEvent opened(long window, Instant closesAt) {
        return new DigestWindowOpenedEvent(DIGEST_ID, RECIPIENT_ID, KEY, window, TEN_MINUTES, closesAt);
    }

    private static DigestItemCollectedEvent collected(long window, DigestItem item) {
        return new DigestItemCollectedEvent(DIGEST_ID, RECIPIENT_ID, KEY, window, item);
    }

    private static DigestReleasedEvent released(long window, DigestItem... items) {
        return new DigestReleasedEvent(DIGEST_ID, RECIPIENT_ID, KEY, window,
                                       DigestNotificationIds.of(DIGEST_ID, window), List.of(items));
    }
}

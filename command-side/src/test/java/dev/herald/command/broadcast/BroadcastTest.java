package dev.herald.command.broadcast;

import static dev.herald.command.HeraldMatchers.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.Channel;
import dev.herald.api.ErrorCode;
import dev.herald.api.Priority;
import dev.herald.api.broadcast.BroadcastClaimedEvent;
import dev.herald.api.broadcast.BroadcastCompletedEvent;
import dev.herald.api.broadcast.BroadcastContent;
import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.api.broadcast.BroadcastProgressedEvent;
import dev.herald.api.broadcast.BroadcastStartedEvent;
import dev.herald.api.broadcast.BroadcastTemplate;
import dev.herald.api.broadcast.BroadcastWork;
import dev.herald.api.broadcast.ClaimBroadcastCommand;
import dev.herald.api.broadcast.CompleteBroadcastCommand;
import dev.herald.api.broadcast.RecordBroadcastProgressCommand;
import dev.herald.api.broadcast.StartBroadcastCommand;
import dev.herald.api.broadcast.StartBroadcastResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    private static final String ID = "5b0f1e9c-7a7e-4c47-9f0e-2a1d3c4b5e6f";
    private static final String SENDER = "acme-shop";
    private static final String RUNNER = "node-1";
    private static final String OTHER_RUNNER = "node-2";
    private static final Instant NOW = Instant.parse("2030-01-31T09:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final BroadcastContent CONTENT = new BroadcastContent(
            "releases", Priority.NORMAL, Set.of(Channel.IN_APP), "Version 2 is out", "Read what changed",
            Map.of(), null);
    private static final List<String> TOPICS = List.of("beta", "release-notes");

    private AggregateTestFixture<Broadcast> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Broadcast.class);
    }

    private static StartBroadcastCommand start(String fingerprint) {
        return new StartBroadcastCommand(ID, SENDER, List.of("release-notes", "beta"), "ada", CONTENT, fingerprint);
    }

    private static BroadcastStartedEvent started() {
        return new BroadcastStartedEvent(ID, SENDER, TOPICS, "ada", CONTENT, "fp-1");
    }

    private static BroadcastCounts counts(long targeted, long created, long actor, long notFound) {
        return new BroadcastCounts(targeted, created, actor, notFound);
    }

    @Test
    void startingRecordsTheTopicsInOrderTheActorAndTheContent() {
        fixture.givenNoPriorActivity()
               .when(start("fp-1"))
               .expectEvents(started())
               .expectResultMessagePayload(new StartBroadcastResult(ID, false));
    }

    @Test
    void theSameRequestAgainIsARepeatAndAnotherOneAReusedKey() {
        fixture.given(started())
               .when(start("fp-1"))
               .expectNoEvents()
               .expectResultMessagePayload(new StartBroadcastResult(ID, true));
        fixture.given(started())
               .when(start("fp-2"))
               .expectException(rejectedWith(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void aClaimGrantsALeaseAndAnswersWhereToResume() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastProgressedEvent(ID, RUNNER, "carol", counts(3, 2, 1, 0),
                                                                 NOW.minusSeconds(60)))
               .when(new ClaimBroadcastCommand(ID, OTHER_RUNNER, LEASE))
               .expectEvents(new BroadcastClaimedEvent(ID, OTHER_RUNNER, NOW.plus(LEASE)))
               .expectResultMessagePayload(new BroadcastWork(ID, SENDER, TOPICS, "ada", CONTENT, "carol",
                                                             counts(3, 2, 1, 0), false));
    }

    @Test
    void anotherRunnerCannotClaimWhileTheLeaseHolds() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plusSeconds(5)))
               .when(new ClaimBroadcastCommand(ID, OTHER_RUNNER, LEASE))
               .expectException(rejectedWith(ErrorCode.BROADCAST_CLAIMED));
    }

    @Test
    void theHolderMayClaimAgainAndAnyoneOnceTheLeaseRanOut() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plusSeconds(5)))
               .when(new ClaimBroadcastCommand(ID, RUNNER, LEASE))
               .expectEvents(new BroadcastClaimedEvent(ID, RUNNER, NOW.plus(LEASE)));
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW))
               .when(new ClaimBroadcastCommand(ID, OTHER_RUNNER, LEASE))
               .expectEvents(new BroadcastClaimedEvent(ID, OTHER_RUNNER, NOW.plus(LEASE)));
    }

    @Test
    void progressAddsTheBatchToTheTotalsMovesTheCursorAndRenewsTheLease() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plusSeconds(5)),
                         new BroadcastProgressedEvent(ID, RUNNER, "bob", counts(2, 1, 1, 0), NOW.plusSeconds(5)))
               .when(new RecordBroadcastProgressCommand(ID, RUNNER, "dave", counts(2, 1, 0, 1), LEASE))
               .expectEvents(new BroadcastProgressedEvent(ID, RUNNER, "dave", counts(4, 2, 1, 1), NOW.plus(LEASE)));
    }

    @Test
    void aBatchRecordedAgainChangesNothing() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plusSeconds(5)),
                         new BroadcastProgressedEvent(ID, RUNNER, "dave", counts(4, 4, 0, 0), NOW.plusSeconds(5)))
               .when(new RecordBroadcastProgressCommand(ID, RUNNER, "dave", counts(2, 2, 0, 0), LEASE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aRunnerThatLostItsClaimCannotRecordProgress() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.minusSeconds(1)),
                         new BroadcastClaimedEvent(ID, OTHER_RUNNER, NOW.plusSeconds(9)))
               .when(new RecordBroadcastProgressCommand(ID, RUNNER, "dave", counts(1, 1, 0, 0), LEASE))
               .expectException(rejectedWith(ErrorCode.BROADCAST_CLAIMED));
    }

    @Test
    void aRunnerWhoseLeaseRanOutCannotRecordProgressEvenIfNobodyTookOver() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.minusSeconds(1)))
               .when(new RecordBroadcastProgressCommand(ID, RUNNER, "dave", counts(1, 1, 0, 0), LEASE))
               .expectException(rejectedWith(ErrorCode.BROADCAST_CLAIMED));
    }

    @Test
    void completingRecordsTheFinalCountsOnceAndThenEveryClaimAnswersDone() {
        BroadcastProgressedEvent progressed =
                new BroadcastProgressedEvent(ID, RUNNER, "dave", counts(4, 3, 1, 0), NOW.plusSeconds(5));
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), progressed)
               .when(new CompleteBroadcastCommand(ID, RUNNER))
               .expectEvents(new BroadcastCompletedEvent(ID, counts(4, 3, 1, 0)));
        BroadcastCompletedEvent completed = new BroadcastCompletedEvent(ID, counts(4, 3, 1, 0));
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), progressed, completed)
               .when(new CompleteBroadcastCommand(ID, OTHER_RUNNER))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), progressed, completed)
               .when(new ClaimBroadcastCommand(ID, OTHER_RUNNER, LEASE))
               .expectNoEvents()
               .expectResultMessagePayload(new BroadcastWork(ID, SENDER, TOPICS, "ada", CONTENT, "dave",
                                                             counts(4, 3, 1, 0), true));
    }

    @Test
    void onlyTheHolderCompletes() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plusSeconds(5)))
               .when(new CompleteBroadcastCommand(ID, OTHER_RUNNER))
               .expectException(rejectedWith(ErrorCode.BROADCAST_CLAIMED));
    }

    @Test
    void progressAfterTheBroadcastIsDoneIsRefused() {
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plusSeconds(5)),
                         new BroadcastCompletedEvent(ID, BroadcastCounts.NONE))
               .when(new RecordBroadcastProgressCommand(ID, RUNNER, "zed", counts(1, 1, 0, 0), LEASE))
               .expectException(rejectedWith(ErrorCode.BROADCAST_CLAIMED));
    }

    @Test
    void aTemplatedBroadcastRecordsItsPinnedTemplateAndHandsItToTheRunner() {
        BroadcastContent templated = new BroadcastContent("releases", Priority.NORMAL, Set.of(Channel.IN_APP), null,
                                                          null, Map.of("version", "2.0"), null,
                                                          new BroadcastTemplate("release-notes", 3, null));
        BroadcastStartedEvent started = new BroadcastStartedEvent(ID, SENDER, TOPICS, null, templated, "fp-t");
        fixture.givenNoPriorActivity()
               .when(new StartBroadcastCommand(ID, SENDER, TOPICS, null, templated, "fp-t"))
               .expectEvents(started)
               .expectResultMessagePayload(new StartBroadcastResult(ID, false));
        fixture.givenCurrentTime(NOW)
               .andGiven(started)
               .when(new ClaimBroadcastCommand(ID, RUNNER, LEASE))
               .expectResultMessagePayload(new BroadcastWork(ID, SENDER, TOPICS, null, templated, null,
                                                             BroadcastCounts.NONE, false));
    }

    @Test
    void recipientsTheTemplateCouldNotBeRenderedForAreCountedAsSkippedWithTheirReason() {
        BroadcastCounts first = new BroadcastCounts(3, 1, 1, 0, 1);
        BroadcastCounts second = new BroadcastCounts(2, 1, 0, 0, 1);
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plus(LEASE)),
                         new BroadcastProgressedEvent(ID, RUNNER, "bob", first, NOW.plus(LEASE)))
               .when(new RecordBroadcastProgressCommand(ID, RUNNER, "dave", second, LEASE))
               .expectEvents(new BroadcastProgressedEvent(ID, RUNNER, "dave", new BroadcastCounts(5, 2, 1, 0, 2),
                                                          NOW.plus(LEASE)));
        fixture.givenCurrentTime(NOW)
               .andGiven(started(), new BroadcastClaimedEvent(ID, RUNNER, NOW.plus(LEASE)),
                         new BroadcastProgressedEvent(ID, RUNNER, "dave", new BroadcastCounts(5, 2, 1, 0, 2),
                                                      NOW.plus(LEASE)))
               .when(new CompleteBroadcastCommand(ID, RUNNER))
               .expectEvents(new BroadcastCompletedEvent(ID, new BroadcastCounts(5, 2, 1, 0, 2)));
        assertThat(new BroadcastCounts(5, 2, 1, 0, 2).skipped()).isEqualTo(3);
    }

    @Test
    void aBroadcastWithoutATemplateNeedsATitleAndOneWithATemplateDoesNot() {
        assertThatThrownBy(() -> new BroadcastContent("releases", Priority.NORMAL, Set.of(Channel.IN_APP), null,
                                                      null, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
        assertThat(new BroadcastContent("releases", Priority.NORMAL, Set.of(Channel.IN_APP), null, null, null, null,
                                        new BroadcastTemplate("release-notes", 1, "de")).title()).isNull();
    }
}

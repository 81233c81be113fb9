package dev.herald.command.throttle;

import static dev.herald.command.CommandTestMessages.NOW;
import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.api.AggregateIds;
import dev.herald.api.throttle.PassThrottleCommand;
import dev.herald.api.throttle.ThrottlePassedEvent;
import dev.herald.api.throttle.ThrottleRule;
import java.time.Duration;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final String KEY = "marketing";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final ThrottleRule THREE_AN_HOUR = new ThrottleRule(KEY, 3, HOUR);
    private static final String THROTTLE_ID = AggregateIds.throttle(RECIPIENT_ID, KEY);

    private AggregateTestFixture<Throttle> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Throttle.class);
    }

    private static PassThrottleCommand pass(String notificationId) {
        return new PassThrottleCommand(RECIPIENT_ID, THREE_AN_HOUR, notificationId);
    }

    private static ThrottlePassedEvent passed(String notificationId) {
        return new ThrottlePassedEvent(RECIPIENT_ID, KEY, notificationId, 3, HOUR);
    }

    /** Passes of these notifications at these times after NOW, in order: id, minutes, id, minutes, ... */
    private TestExecutor<Throttle> givenPasses(Object... idsAndMinutes) {
        TestExecutor<Throttle> given = null;
        for (int i = 0; i < idsAndMinutes.length; i += 2) {
            java.time.Instant at = NOW.plus(Duration.ofMinutes((Integer) idsAndMinutes[i + 1]));
            given = given == null ? fixture.givenCurrentTime(at) : given.andGivenCurrentTime(at);
            given = given.andGiven(passed((String) idsAndMinutes[i]));
        }
        return given;
    }

    @Test
    void theFirstSendOfAKeyCreatesTheThrottleAndPasses() {
        fixture.givenCurrentTime(NOW)
               .when(pass("n1"))
               .expectEvents(passed("n1"))
               .expectResultMessagePayload(true);
    }

    @Test
    void sendsPastTheLimitInsideTheWindowAreThrottledAndRecordNothing() {
        givenPasses("n1", 0, "n2", 10, "n3", 20)
               .andGivenCurrentTime(NOW.plus(Duration.ofMinutes(30)))
               .when(pass("n4"))
               .expectNoEvents()
               .expectResultMessagePayload(false);
    }

    @Test
    void theWindowSlidesAPlaceFreesExactlyWhenTheOldestPassLeavesIt() {
        givenPasses("n1", 0, "n2", 10, "n3", 20)
               .andGivenCurrentTime(NOW.plus(HOUR).minusMillis(1))
               .when(pass("n4"))
               .expectNoEvents()
               .expectResultMessagePayload(false);

        setUp();
        givenPasses("n1", 0, "n2", 10, "n3", 20)
               .andGivenCurrentTime(NOW.plus(HOUR))
               .when(pass("n4"))
               .expectEvents(passed("n4"))
               .expectResultMessagePayload(true);
    }

    @Test
    void aSlidingWindowNeverLetsTwiceTheLimitThroughAroundWhereAFixedWindowWouldReset() {
        // Three passes late in one clock hour: a fixed hourly window would reset at the top of the hour.
        givenPasses("n1", 50, "n2", 55, "n3", 59)
               .andGivenCurrentTime(NOW.plus(Duration.ofMinutes(61)))
               .when(pass("n4"))
               .expectNoEvents()
               .expectResultMessagePayload(false);
    }

    @Test
    void aRepeatForASendThatPassedAnswersTrueAgainAndRecordsNothing() {
        givenPasses("n1", 0, "n2", 1, "n3", 2)
               .andGivenCurrentTime(NOW.plus(Duration.ofMinutes(3)))
               .when(pass("n2"))
               .expectNoEvents()
               .expectResultMessagePayload(true);
    }

    @Test
    void aThrottleOfAnotherKeyIsAnotherAggregateAndCountsNothingOfThisOne() {
        ThrottleRule billing = new ThrottleRule("billing", 3, HOUR);
        PassThrottleCommand otherKey = new PassThrottleCommand(RECIPIENT_ID, billing, "n4");
        assertThat(otherKey.throttleId())
                .isEqualTo("throttle/" + RECIPIENT_ID + "/billing")
                .isNotEqualTo(THROTTLE_ID);
        fixture.givenCurrentTime(NOW)
               .when(otherKey)
               .expectEvents(new ThrottlePassedEvent(RECIPIENT_ID, "billing", "n4", 3, HOUR))
               .expectResultMessagePayload(true);
    }

    @Test
    void aLowerLimitOnALaterSendCountsThePassesAlreadyInTheWindow() {
        givenPasses("n1", 0, "n2", 1)
               .andGivenCurrentTime(NOW.plus(Duration.ofMinutes(2)))
               .when(new PassThrottleCommand(RECIPIENT_ID, new ThrottleRule(KEY, 2, HOUR), "n3"))
               .expectNoEvents()
               .expectResultMessagePayload(false);
    }

    /** Snapshots are written by a serializer that sees fields only (as Herald's is configured). */
    @Test
    void aSnapshotOfTheThrottleRoundTripsThroughAFieldsOnlySerializer() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).build();
        givenPasses("n1", 0, "n2", 10)
               .andGivenCurrentTime(NOW.plus(Duration.ofMinutes(20)))
               .when(pass("n3"))
               .expectState(throttle -> {
                   Throttle loaded = serializer.deserialize(serializer.serialize(throttle, String.class));
                   assertThat(loaded).usingRecursiveComparison().isEqualTo(throttle);
               });
    }
}

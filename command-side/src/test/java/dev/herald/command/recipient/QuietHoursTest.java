package dev.herald.command.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.recipient.QuietHours;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The rules of quiet hours in a time zone: the saga holds a send when {@code contains} and until {@code endAfter}. */
class QuietHoursTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    private static final QuietHours LUNCH = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30));

    @Test
    void quietHoursWithinADayStartInclusiveAndEndExclusive() {
        assertThat(LUNCH.contains(Instant.parse("2030-01-15T11:59:59Z"), LONDON)).isFalse();
        assertThat(LUNCH.contains(Instant.parse("2030-01-15T12:00:00Z"), LONDON)).isTrue();
        assertThat(LUNCH.contains(Instant.parse("2030-01-15T13:29:59Z"), LONDON)).isTrue();
        assertThat(LUNCH.contains(Instant.parse("2030-01-15T13:30:00Z"), LONDON)).isFalse();
        assertThat(LUNCH.endAfter(Instant.parse("2030-01-15T12:10:00Z"), LONDON))
                .isEqualTo(Instant.parse("2030-01-15T13:30:00Z"));
    }

    @Test
    void quietHoursSpanningMidnightHoldBothEveningAndMorningAndEndTheNextMorning() {
        assertThat(NIGHT.contains(Instant.parse("2030-01-15T21:59:00Z"), LONDON)).isFalse();
        assertThat(NIGHT.contains(Instant.parse("2030-01-15T23:30:00Z"), LONDON)).isTrue();
        assertThat(NIGHT.contains(Instant.parse("2030-01-16T06:59:00Z"), LONDON)).isTrue();
        assertThat(NIGHT.contains(Instant.parse("2030-01-16T07:00:00Z"), LONDON)).isFalse();
        assertThat(NIGHT.endAfter(Instant.parse("2030-01-15T23:30:00Z"), LONDON))
                .isEqualTo(Instant.parse("2030-01-16T07:00:00Z"));
        assertThat(NIGHT.endAfter(Instant.parse("2030-01-16T03:00:00Z"), LONDON))
                .isEqualTo(Instant.parse("2030-01-16T07:00:00Z"));
    }

    @Test
    void theyFollowTheRecipientsZoneNotUtc() {
        // 21:30 UTC is 22:30 in Berlin in winter: quiet there, not in London.
        Instant at = Instant.parse("2030-01-15T21:30:00Z");
        assertThat(NIGHT.contains(at, BERLIN)).isTrue();
        assertThat(NIGHT.contains(at, LONDON)).isFalse();
        assertThat(NIGHT.endAfter(at, BERLIN)).isEqualTo(Instant.parse("2030-01-16T06:00:00Z"));
    }

    @Test
    void theyStayAtTheSameLocalTimesAcrossDaylightSavingChanges() {
        // London springs forward on 2030-03-31 at 01:00 UTC: the night is an hour shorter, still ending at 07:00 local.
        assertThat(NIGHT.endAfter(Instant.parse("2030-03-30T23:00:00Z"), LONDON))
                .isEqualTo(Instant.parse("2030-03-31T06:00:00Z"));
        // and falls back on 2030-10-27: an hour longer.
        assertThat(NIGHT.endAfter(Instant.parse("2030-10-26T23:00:00Z"), LONDON))
                .isEqualTo(Instant.parse("2030-10-27T07:00:00Z"));
        assertThat(NIGHT.contains(Instant.parse("2030-10-27T06:30:00Z"), LONDON)).isTrue();
    }

    @Test
    void anEndInsideTheSpringForwardGapIsWhenTheClocksJumpThere() {
        QuietHours toHalfPastTwo = new QuietHours(LocalTime.of(23, 0), LocalTime.of(2, 30));
        // 02:30 does not exist in Berlin on 2030-03-31 (02:00 CET becomes 03:00 CEST, at 01:00 UTC).
        assertThat(toHalfPastTwo.endAfter(Instant.parse("2030-03-30T23:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2030-03-31T01:30:00Z"));
    }

    @Test
    void startEqualToEndIsRefusedNamingTheField() {
        assertThatThrownBy(() -> QuietHours.parse("22:00", "22:00"))
                .hasMessageStartingWith("quietHours.end: must differ from quietHours.start");
        assertThatThrownBy(() -> QuietHours.parse("25:00", "07:00")).hasMessageStartingWith("quietHours.start:");
        assertThatThrownBy(() -> QuietHours.parse("22:00", null)).hasMessageStartingWith("quietHours.end:");
    }
}

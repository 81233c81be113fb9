package dev.herald.command.recipient;

import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.everyContactPoint;
import static dev.herald.command.CommandTestMessages.recipientRegistered;

import dev.herald.api.ContactPoints;
import dev.herald.api.recipient.ChangePreferencesCommand;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.QuietHoursChangedEvent;
import dev.herald.api.recipient.RecipientContactPointsChangedEvent;
import dev.herald.api.recipient.RecipientPreferences;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;
import dev.herald.api.Channel;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreferencesTest {

    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    private AggregateTestFixture<Recipient> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Recipient.class);
    }

    @Test
    void quietHoursAreRecordedAndAnsweredInTheRecipientsTimeZone() {
        fixture.given(recipientRegistered(everyContactPoint()))
               .when(new ChangePreferencesCommand(RECIPIENT_ID, null, NIGHT))
               .expectEvents(new QuietHoursChangedEvent(RECIPIENT_ID, NIGHT))
               .expectResultMessagePayload(new RecipientPreferences(RECIPIENT_ID, "Europe/London", NIGHT));
    }

    @Test
    void aNewTimeZoneReplacesTheOneOfTheContactPointsTheRecipientHasOnlyOne() {
        ContactPoints before = everyContactPoint();
        ContactPoints after = new ContactPoints(before.email(), before.phone(), before.pushTokens(),
                                                before.webhookUrl(), before.locale(), "America/New_York");
        fixture.given(recipientRegistered(before))
               .when(new ChangePreferencesCommand(RECIPIENT_ID, "America/New_York", NIGHT))
               .expectEvents(new RecipientContactPointsChangedEvent(RECIPIENT_ID, after),
                             new QuietHoursChangedEvent(RECIPIENT_ID, NIGHT))
               .expectResultMessagePayload(new RecipientPreferences(RECIPIENT_ID, "America/New_York", NIGHT));
    }

    @Test
    void preferencesAlreadyInEffectRecordNothing() {
        fixture.given(recipientRegistered(everyContactPoint()), new QuietHoursChangedEvent(RECIPIENT_ID, NIGHT))
               .when(new ChangePreferencesCommand(RECIPIENT_ID, "Europe/London", NIGHT))
               .expectNoEvents();
    }

    @Test
    void noQuietHoursClearsThem() {
        fixture.given(recipientRegistered(everyContactPoint()), new QuietHoursChangedEvent(RECIPIENT_ID, NIGHT))
               .when(new ChangePreferencesCommand(RECIPIENT_ID, null, null))
               .expectEvents(new QuietHoursChangedEvent(RECIPIENT_ID, null))
               .expectResultMessagePayload(new RecipientPreferences(RECIPIENT_ID, "Europe/London", null));
    }

    @Test
    void aSendLearnsTheQuietHoursWithItsReachability() {
        fixture.given(recipientRegistered(everyContactPoint()), new QuietHoursChangedEvent(RECIPIENT_ID, NIGHT))
               .when(new ChangePreferencesCommand(RECIPIENT_ID, null, NIGHT))
               .expectState(recipient -> {
                   Reachability reachability = recipient.reachability("billing", Set.of(Channel.EMAIL));
                   org.assertj.core.api.Assertions.assertThat(reachability.quietHours()).isEqualTo(NIGHT);
                   org.assertj.core.api.Assertions.assertThat(reachability.skippedChannels()).isEqualTo(Map.of());
               });
    }
}

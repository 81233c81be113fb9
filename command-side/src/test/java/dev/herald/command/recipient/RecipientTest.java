package dev.herald.command.recipient;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.IN_APP;
import static dev.herald.api.Channel.PUSH;
import static dev.herald.api.Channel.SMS;
import static dev.herald.api.Channel.WEBHOOK;
import static dev.herald.command.CommandTestMessages.CATEGORY;
import static dev.herald.command.CommandTestMessages.OTHER_CATEGORY;
import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.cancelSubscription;
import static dev.herald.command.CommandTestMessages.emailOnly;
import static dev.herald.command.CommandTestMessages.everyContactPoint;
import static dev.herald.command.CommandTestMessages.recipientRegistered;
import static dev.herald.command.CommandTestMessages.renewSubscription;
import static dev.herald.command.CommandTestMessages.subscriptionCancelled;
import static dev.herald.command.CommandTestMessages.subscriptionRenewed;
import static dev.herald.command.CommandTestMessages.upsertRecipient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.SkipReason;
import dev.herald.api.recipient.RecipientContactPointsChangedEvent;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecipientTest {

    private AggregateTestFixture<Recipient> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Recipient.class);
    }

    @Test
    void firstUpsertRegistersTheRecipient() {
        fixture.givenNoPriorActivity()
               .when(upsertRecipient(everyContactPoint()))
               .expectEvents(recipientRegistered(everyContactPoint()))
               .expectResultMessagePayload(true);
    }

    @Test
    void upsertWithOtherContactPointsReplacesThem() {
        fixture.given(recipientRegistered(everyContactPoint()))
               .when(upsertRecipient(emailOnly()))
               .expectEvents(new RecipientContactPointsChangedEvent(RECIPIENT_ID, emailOnly()))
               .expectResultMessagePayload(false);
    }

    @Test
    void upsertWithTheSameContactPointsChangesNothing() {
        fixture.given(recipientRegistered(everyContactPoint()))
               .when(upsertRecipient(everyContactPoint()))
               .expectNoEvents()
               .expectResultMessagePayload(false);
    }

    @Test
    void cancellingWithoutChannelsOptsOutOfEveryChannel() {
        fixture.given(recipientRegistered(everyContactPoint()))
               .when(cancelSubscription(CATEGORY))
               .expectEvents(subscriptionCancelled(CATEGORY, EMAIL, SMS, PUSH, WEBHOOK, IN_APP));
    }

    @Test
    void cancellingRecordsOnlyTheChannelsNotAlreadyOptedOut() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL))
               .when(cancelSubscription(CATEGORY, EMAIL, SMS))
               .expectEvents(subscriptionCancelled(CATEGORY, SMS));
    }

    @Test
    void cancellingWhatIsAlreadyCancelledChangesNothing() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL, SMS))
               .when(cancelSubscription(CATEGORY, EMAIL))
               .expectNoEvents();
    }

    @Test
    void cancellingACategoryLeavesOutChannelsThatEveryCategoryAlreadyCovers() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled("*", EMAIL))
               .when(cancelSubscription(CATEGORY, EMAIL, SMS))
               .expectEvents(subscriptionCancelled(CATEGORY, SMS));
    }

    @Test
    void cancellingEveryCategoryIsRecordedEvenWhenSomeCategoriesWereOptedOut() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL))
               .when(cancelSubscription("*", EMAIL))
               .expectEvents(subscriptionCancelled("*", EMAIL));
    }

    @Test
    void renewingRecordsOnlyTheChannelsThatWereOptedOut() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL, SMS))
               .when(renewSubscription(CATEGORY))
               .expectEvents(subscriptionRenewed(CATEGORY, EMAIL, SMS));
    }

    @Test
    void renewingWhatIsSubscribedChangesNothing() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(OTHER_CATEGORY, EMAIL))
               .when(renewSubscription(CATEGORY, EMAIL))
               .expectNoEvents();
    }

    @Test
    void renewingACategoryWhileEveryCategoryIsOptedOutChangesNothing() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL),
                      subscriptionCancelled("*", EMAIL))
               .when(renewSubscription(CATEGORY, EMAIL))
               .expectNoEvents();
    }

    @Test
    void renewingEveryCategoryRenewsCategoriesOptedOutOneByOne() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL, SMS))
               .when(renewSubscription("*", EMAIL))
               .expectEvents(subscriptionRenewed("*", EMAIL));
        assertThat(reachability(CATEGORY, EnumSet.of(EMAIL, SMS),
                                recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL, SMS),
                                subscriptionRenewed("*", EMAIL)).skippedChannels())
                .isEqualTo(Map.of(SMS, SkipReason.OPTED_OUT));
    }

    @Test
    void subscriptionCommandsForAnUnknownRecipientAreRejected() {
        fixture.givenNoPriorActivity()
               .when(cancelSubscription(CATEGORY, EMAIL))
               .expectException(AggregateNotFoundException.class);
        fixture.givenNoPriorActivity()
               .when(renewSubscription(CATEGORY, EMAIL))
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void reachabilitySkipsOptedOutChannelsAndChannelsWithoutAContactPoint() {
        Reachability reachability = reachability(CATEGORY, EnumSet.allOf(Channel.class),
                                                 recipientRegistered(emailOnly()),
                                                 subscriptionCancelled(CATEGORY, EMAIL, SMS));

        assertThat(reachability.contactPoints()).isEqualTo(emailOnly());
        assertThat(reachability.skippedChannels()).isEqualTo(Map.of(
                EMAIL, SkipReason.OPTED_OUT,
                SMS, SkipReason.OPTED_OUT,
                PUSH, SkipReason.NO_CONTACT_POINT,
                WEBHOOK, SkipReason.NO_CONTACT_POINT));
    }

    @Test
    void reachabilityHonoursAnOptOutOfEveryCategory() {
        Reachability reachability = reachability(CATEGORY, EnumSet.of(EMAIL, IN_APP),
                                                 recipientRegistered(everyContactPoint()),
                                                 subscriptionCancelled("*", IN_APP));

        assertThat(reachability.skippedChannels()).isEqualTo(Map.of(IN_APP, SkipReason.OPTED_OUT));
    }

    @Test
    void reachabilityIgnoresOptOutsOfOtherCategoriesAndRenewedOnes() {
        Reachability reachability = reachability(CATEGORY, EnumSet.of(EMAIL, SMS),
                                                 recipientRegistered(everyContactPoint()),
                                                 subscriptionCancelled(OTHER_CATEGORY, EMAIL),
                                                 subscriptionCancelled(CATEGORY, SMS),
                                                 subscriptionRenewed(CATEGORY, SMS));

        assertThat(reachability.skippedChannels()).isEmpty();
    }

    private Reachability reachability(String category, Set<Channel> channels, Object... history) {
        AtomicReference<Reachability> answer = new AtomicReference<>();
        fixture.given(history)
               .whenInvoking(RECIPIENT_ID, recipient -> answer.set(recipient.reachability(category, channels)))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        return answer.get();
    }
}

package dev.herald.command.recipient;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.PUSH;
import static dev.herald.api.Channel.SMS;
import static dev.herald.command.CommandTestMessages.CATEGORY;
import static dev.herald.command.CommandTestMessages.OTHER_CATEGORY;
import static dev.herald.command.CommandTestMessages.RECIPIENT_ID;
import static dev.herald.command.CommandTestMessages.everyContactPoint;
import static dev.herald.command.CommandTestMessages.optOut;
import static dev.herald.command.CommandTestMessages.recipientRegistered;
import static dev.herald.command.CommandTestMessages.recipientSubscriptions;
import static dev.herald.command.CommandTestMessages.replaceOptOuts;
import static dev.herald.command.CommandTestMessages.subscriptionCancelled;
import static dev.herald.command.CommandTestMessages.subscriptionRenewed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.recipient.ReplaceOptOutsCommand;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Recipient decides a replacement of all opt-outs itself, recording only what changes. */
class ReplaceOptOutsTest {

    private static final String[] CATEGORIES = {"*", CATEGORY, OTHER_CATEGORY, "security"};

    private AggregateTestFixture<Recipient> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Recipient.class);
    }

    @Test
    void replacingRecordsOnlyTheDifferencesAndAnswersWithTheRecordedOptOuts() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL, SMS))
               .when(replaceOptOuts(optOut(CATEGORY, SMS, PUSH)))
               .expectEvents(subscriptionRenewed(CATEGORY, EMAIL), subscriptionCancelled(CATEGORY, PUSH))
               .expectResultMessagePayload(recipientSubscriptions(optOut(CATEGORY, SMS, PUSH)));
    }

    @Test
    void replacingWithWhatIsRecordedRecordsNothing() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL, SMS))
               .when(replaceOptOuts(optOut(CATEGORY, SMS), optOut(CATEGORY, EMAIL)))
               .expectNoEvents()
               .expectResultMessagePayload(recipientSubscriptions(optOut(CATEGORY, EMAIL, SMS)));
    }

    @Test
    void anEmptyListOptsBackInToEverything() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled("*", PUSH),
                      subscriptionCancelled(CATEGORY, EMAIL))
               .when(replaceOptOuts())
               .expectEvents(subscriptionRenewed("*", PUSH), subscriptionRenewed(CATEGORY, EMAIL))
               .expectResultMessagePayload(recipientSubscriptions());
    }

    @Test
    void anEntryWithoutChannelsMeansEveryChannel() {
        fixture.given(recipientRegistered(everyContactPoint()))
               .when(replaceOptOuts(new OptOut(CATEGORY, List.of())))
               .expectEvents(subscriptionCancelled(CATEGORY, Channel.values()));
    }

    @Test
    void droppingEveryCategoryButKeepingOneRenewsEverywhereThenCancelsTheOneAgain() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled("*", SMS))
               .when(replaceOptOuts(optOut(CATEGORY, SMS)))
               .expectEvents(subscriptionRenewed("*", SMS), subscriptionCancelled(CATEGORY, SMS))
               .expectResultMessagePayload(recipientSubscriptions(optOut(CATEGORY, SMS)));
    }

    @Test
    void channelsThatEveryCategoryCoversAreNotKeptInSingleCategories() {
        fixture.given(recipientRegistered(everyContactPoint()), subscriptionCancelled(CATEGORY, EMAIL))
               .when(replaceOptOuts(optOut("*", EMAIL), optOut(CATEGORY, EMAIL, SMS)))
               .expectEvents(subscriptionRenewed(CATEGORY, EMAIL), subscriptionCancelled("*", EMAIL),
                             subscriptionCancelled(CATEGORY, SMS))
               .expectResultMessagePayload(recipientSubscriptions(optOut("*", EMAIL), optOut(CATEGORY, SMS)));
    }

    @Test
    void anUnknownRecipientIsRejected() {
        fixture.givenNoPriorActivity()
               .when(replaceOptOuts(optOut(CATEGORY, EMAIL)))
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void theCommandRefusesEntriesWithoutACategory() {
        assertThatThrownBy(() -> replaceOptOuts(optOut(" ", EMAIL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optOuts.category");
        assertThatThrownBy(() -> new ReplaceOptOutsCommand(RECIPIENT_ID, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * From any recorded opt-outs (also ones the single commands leave with a channel under both a category and
     * {@code *}) to any desired ones: the recorded events, replayed, give exactly the answer, which has the desired
     * effect on every category and channel; no event is a no-op; and the same replacement again records nothing.
     */
    @Test
    void anyReplacementEndsExactlyAtTheDesiredOptOuts() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<Object> history = new ArrayList<>();
            history.add(recipientRegistered(everyContactPoint()));
            for (int i = random.nextInt(5); i > 0; i--) {
                history.add(subscriptionCancelled(pick(random), channels(random)));
            }
            List<OptOut> desired = randomOptOuts(random);
            List<Object> recorded = new ArrayList<>();
            List<RecipientSubscriptions> answer = new ArrayList<>();
            fixture = new AggregateTestFixture<>(Recipient.class);
            fixture.given(history)
                   .when(new ReplaceOptOutsCommand(RECIPIENT_ID, desired))
                   .expectSuccessfulHandlerExecution()
                   .expectEventsMatching(capturing(recorded))
                   .expectResultMessagePayloadMatching(capturing(answer));

            Map<String, Set<Channel>> state = replay(history);
            for (Object event : recorded) {
                Map<String, Set<Channel>> before = copy(state);
                apply(state, event);
                assertThat(state).as("a no-op event %s in round %d", event, round).isNotEqualTo(before);
            }
            RecipientSubscriptions result = answer.get(0);
            assertThat(asMap(result.optOuts())).as("round %d", round).isEqualTo(state);
            for (String category : CATEGORIES) {
                for (Channel channel : Channel.values()) {
                    assertThat(optedOut(state, category, channel)).as("%s/%s in round %d", category, channel, round)
                            .isEqualTo(optedOut(asMap(expanded(desired)), category, channel));
                }
            }

            List<Object> after = new ArrayList<>(history);
            after.addAll(recorded);
            fixture = new AggregateTestFixture<>(Recipient.class);
            fixture.given(after).when(new ReplaceOptOutsCommand(RECIPIENT_ID, desired)).expectNoEvents()
                   .expectResultMessagePayload(result);
        }
    }

    private static String pick(Random random) {
        return CATEGORIES[random.nextInt(CATEGORIES.length)];
    }

    private static Channel[] channels(Random random) {
        List<Channel> channels = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            if (random.nextInt(3) == 0) {
                channels.add(channel);
            }
        }
        if (channels.isEmpty()) {
            channels.add(Channel.values()[random.nextInt(Channel.values().length)]);
        }
        return channels.toArray(Channel[]::new);
    }

    private static List<OptOut> randomOptOuts(Random random) {
        List<OptOut> optOuts = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            optOuts.add(random.nextInt(6) == 0 ? new OptOut(pick(random), List.of())
                                               : new OptOut(pick(random), Arrays.asList(channels(random))));
        }
        return optOuts;
    }

    private static List<OptOut> expanded(List<OptOut> optOuts) {
        return optOuts.stream().map(optOut -> optOut.channels().isEmpty()
                ? new OptOut(optOut.category(), List.of(Channel.values())) : optOut).toList();
    }

    private static Map<String, Set<Channel>> asMap(List<OptOut> optOuts) {
        Map<String, Set<Channel>> map = new TreeMap<>();
        optOuts.forEach(optOut -> map.computeIfAbsent(optOut.category(), key -> EnumSet.noneOf(Channel.class))
                .addAll(optOut.channels()));
        return map;
    }

    private static boolean optedOut(Map<String, Set<Channel>> optOuts, String category, Channel channel) {
        return optOuts.getOrDefault(category, Set.of()).contains(channel)
                || optOuts.getOrDefault("*", Set.of()).contains(channel);
    }

    /** The events' meaning, written out again from their documentation, independently of the aggregate. */
    private static Map<String, Set<Channel>> replay(List<Object> history) {
        Map<String, Set<Channel>> state = new TreeMap<>();
        history.forEach(event -> apply(state, event));
        return state;
    }

    private static void apply(Map<String, Set<Channel>> state, Object event) {
        if (event instanceof SubscriptionCancelledEvent cancelled) {
            state.computeIfAbsent(cancelled.category(), key -> EnumSet.noneOf(Channel.class))
                 .addAll(cancelled.channels());
        } else if (event instanceof SubscriptionRenewedEvent renewed) {
            if ("*".equals(renewed.category())) {
                state.values().forEach(channels -> channels.removeAll(renewed.channels()));
            } else if (state.containsKey(renewed.category())) {
                state.get(renewed.category()).removeAll(renewed.channels());
            }
            state.values().removeIf(Set::isEmpty);
        }
    }

    private static Map<String, Set<Channel>> copy(Map<String, Set<Channel>> state) {
        Map<String, Set<Channel>> copy = new TreeMap<>();
        state.forEach((category, channels) -> copy.put(category, EnumSet.copyOf(channels)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static <T> CustomTypeSafeMatcher<T> capturing(List<?> into) {
        return new CustomTypeSafeMatcher<>("anything, kept") {
            @Override
            protected boolean matchesSafely(T item) {
                if (item instanceof List<?> messages) {
                    messages.forEach(message -> ((List<Object>) into).add(((EventMessage<?>) message).getPayload()));
                } else {
                    ((List<Object>) into).add(item);
                }
                return true;
            }
        };
    }
}

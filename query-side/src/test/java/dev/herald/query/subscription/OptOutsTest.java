package dev.herald.query.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OptOutsTest {

    private static final String[] CATEGORIES = {"*", "billing", "news.weekly", "security"};

    @Test
    void renewingEveryCategoryClearsTheChannelEverywhere() {
        OptOuts optOuts = OptOuts.none()
                .cancelled("billing", Set.of(Channel.EMAIL, Channel.SMS))
                .cancelled("*", Set.of(Channel.EMAIL));

        assertThat(optOuts.renewed("*", Set.of(Channel.EMAIL)).toList())
                .containsExactly(new OptOut("billing", List.of(Channel.SMS)));
    }

    @Test
    void aPlanThatOnlyRenewsOneCategoryWhileEveryCategoryHoldsTheChannelSendsNothing() {
        OptOuts current = OptOuts.none().cancelled("billing", Set.of(Channel.EMAIL))
                .cancelled("*", Set.of(Channel.EMAIL));
        OptOuts desired = OptOuts.of(List.of(new OptOut("*", List.of(Channel.EMAIL))));

        OptOuts.Plan plan = current.planTo("r1", desired);

        assertThat(plan.commands()).isEmpty();
        assertThat(plan.result()).isEqualTo(current);
        assertThat(plan.result().sameEffectAs(desired)).isTrue();
    }

    @Test
    void droppingEveryCategoryButKeepingOneRenewsEverywhereThenCancelsTheOneAgain() {
        OptOuts current = OptOuts.none().cancelled("*", Set.of(Channel.SMS));
        OptOuts desired = OptOuts.of(List.of(new OptOut("billing", List.of(Channel.SMS))));

        OptOuts.Plan plan = current.planTo("r1", desired);

        assertThat(plan.commands()).containsExactly(
                new RenewSubscriptionCommand("r1", "*", Set.of(Channel.SMS)),
                new CancelSubscriptionCommand("r1", "billing", Set.of(Channel.SMS)));
        assertThat(plan.result()).isEqualTo(desired);
    }

    @Test
    void anEmptyChannelListMeansEveryChannel() {
        assertThat(OptOuts.of(List.of(new OptOut("billing", List.of()))).toList())
                .containsExactly(new OptOut("billing", List.of(Channel.values())));
    }

    /**
     * The plan, played against an independent copy of the Recipient aggregate's rules, always ends with the
     * desired effect, and with exactly the opt-outs the plan predicts.
     */
    @Test
    void anyPlanReachesTheDesiredEffectUnderTheAggregatesRules() {
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            AggregateRules aggregate = new AggregateRules();
            for (Object command : randomCommands(random)) {
                aggregate.handle(command);
            }
            OptOuts current = aggregate.optOuts;
            OptOuts desired = OptOuts.of(randomOptOuts(random));

            OptOuts.Plan plan = current.planTo("r1", desired);
            int changesBefore = aggregate.changes;
            plan.commands().forEach(aggregate::handle);

            assertThat(aggregate.optOuts.sameEffectAs(desired)).as("from %s to %s", current, desired).isTrue();
            assertThat(aggregate.optOuts).as("from %s to %s", current, desired).isEqualTo(plan.result());
            assertThat(aggregate.changes - changesBefore).as("every command changes something")
                    .isEqualTo(plan.commands().size());
        }
    }

    private static List<Object> randomCommands(Random random) {
        List<Object> commands = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            Set<Channel> channels = randomChannels(random);
            commands.add(random.nextBoolean() ? new CancelSubscriptionCommand("r1", category, channels)
                                 : new RenewSubscriptionCommand("r1", category, channels));
        }
        return commands;
    }

    private static List<OptOut> randomOptOuts(Random random) {
        List<OptOut> optOuts = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            optOuts.add(new OptOut(CATEGORIES[random.nextInt(CATEGORIES.length)],
                                   List.copyOf(randomChannels(random))));
        }
        return optOuts;
    }

    private static Set<Channel> randomChannels(Random random) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (Channel channel : Channel.values()) {
            if (random.nextInt(3) == 0) {
                channels.add(channel);
            }
        }
        return channels.isEmpty() ? EnumSet.of(Channel.EMAIL) : channels;
    }

    /** The Recipient aggregate's subscription rules, written out again from its code, independently of OptOuts. */
    private static final class AggregateRules {

        private final Map<String, Set<Channel>> optedOut = new TreeMap<>();
        private OptOuts optOuts = OptOuts.none();
        private int changes;

        void handle(Object command) {
            if (command instanceof CancelSubscriptionCommand cancel) {
                Set<Channel> added = EnumSet.noneOf(Channel.class);
                for (Channel channel : cancel.channels()) {
                    if (!isOptedOut(cancel.category(), channel)) {
                        added.add(channel);
                    }
                }
                if (!added.isEmpty()) {
                    optedOut.computeIfAbsent(cancel.category(), key -> EnumSet.noneOf(Channel.class)).addAll(added);
                    record();
                }
            } else if (command instanceof RenewSubscriptionCommand renew) {
                Set<Channel> renewed = EnumSet.noneOf(Channel.class);
                for (Channel channel : renew.channels()) {
                    boolean changes = "*".equals(renew.category())
                            ? optedOut.values().stream().anyMatch(channels -> channels.contains(channel))
                            : get(renew.category()).contains(channel) && !get("*").contains(channel);
                    if (changes) {
                        renewed.add(channel);
                    }
                }
                if (!renewed.isEmpty()) {
                    if ("*".equals(renew.category())) {
                        optedOut.values().forEach(channels -> channels.removeAll(renewed));
                    } else {
                        optedOut.get(renew.category()).removeAll(renewed);
                    }
                    optedOut.values().removeIf(Set::isEmpty);
                    record();
                }
            }
        }

        private boolean isOptedOut(String category, Channel channel) {
            return get(category).contains(channel) || get("*").contains(channel);
        }

        private Set<Channel> get(String category) {
            return optedOut.getOrDefault(category, Set.of());
        }

        private void record() {
            List<OptOut> list = new ArrayList<>();
            optedOut.forEach((category, channels) -> list.add(new OptOut(category, List.copyOf(channels))));
            optOuts = OptOuts.of(list);
            changes++;
        }
    }
}

package dev.herald.query.subscription;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A recipient's opt-outs, category to channels, with the rules of the Recipient aggregate: a channel is opted out
 * of a category when that category or {@value #EVERY_CATEGORY} lists it; cancelling records only what is not in
 * effect yet; renewing {@code *} clears the channel in every category, renewing one category while {@code *}
 * holds the channel changes nothing. Immutable.
 */
public final class OptOuts {

    public static final String EVERY_CATEGORY = "*";

    private final Map<String, Set<Channel>> byCategory;

    private OptOuts(Map<String, Set<Channel>> byCategory) {
        this.byCategory = byCategory;
    }

    public static OptOuts none() {
        return new OptOuts(Map.of());
    }

    /** Entries for the same category are merged; an empty channel list means every channel. */
    public static OptOuts of(Collection<OptOut> optOuts) {
        Map<String, Set<Channel>> merged = new TreeMap<>();
        for (OptOut optOut : optOuts) {
            Set<Channel> channels = optOut.channels() == null || optOut.channels().isEmpty()
                    ? EnumSet.allOf(Channel.class) : EnumSet.copyOf(optOut.channels());
            merged.computeIfAbsent(optOut.category(), category -> EnumSet.noneOf(Channel.class)).addAll(channels);
        }
        return new OptOuts(frozen(merged));
    }

    /** As recorded by {@code SubscriptionCancelledEvent}: the channels are added to the category. */
    public OptOuts cancelled(String category, Set<Channel> channels) {
        Map<String, Set<Channel>> changed = copy();
        changed.computeIfAbsent(category, key -> EnumSet.noneOf(Channel.class)).addAll(channels);
        return new OptOuts(frozen(changed));
    }

    /** As recorded by {@code SubscriptionRenewedEvent}: {@code *} clears the channels in every category. */
    public OptOuts renewed(String category, Set<Channel> channels) {
        Map<String, Set<Channel>> changed = copy();
        if (EVERY_CATEGORY.equals(category)) {
            changed.values().forEach(optedOut -> optedOut.removeAll(channels));
        } else if (changed.containsKey(category)) {
            changed.get(category).removeAll(channels);
        }
        return new OptOuts(frozen(changed));
    }

    public boolean isOptedOut(String category, Channel channel) {
        return channels(category).contains(channel) || channels(EVERY_CATEGORY).contains(channel);
    }

    /** Whether every channel of every category is opted out exactly when it is in the other. */
    public boolean sameEffectAs(OptOuts other) {
        Set<String> categories = new TreeSet<>(byCategory.keySet());
        categories.addAll(other.byCategory.keySet());
        for (String category : categories) {
            for (Channel channel : Channel.values()) {
                if (isOptedOut(category, channel) != other.isOptedOut(category, channel)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The subscription commands that take these opt-outs to {@code desired}, in the order they must be sent, and
     * what will be recorded afterwards (the aggregate may record less than asked, exactly where the result already
     * has the desired effect).
     */
    public Plan planTo(String recipientId, OptOuts desired) {
        List<Object> commands = new ArrayList<>();
        OptOuts state = this;
        Set<Channel> wildcardRenewals = EnumSet.noneOf(Channel.class);
        for (Channel channel : state.channels(EVERY_CATEGORY)) {
            if (!desired.channels(EVERY_CATEGORY).contains(channel)) {
                wildcardRenewals.add(channel);
            }
        }
        if (!wildcardRenewals.isEmpty()) {
            commands.add(new RenewSubscriptionCommand(recipientId, EVERY_CATEGORY, wildcardRenewals));
            state = state.renewed(EVERY_CATEGORY, wildcardRenewals);
        }
        for (String category : state.byCategory.keySet()) {
            if (EVERY_CATEGORY.equals(category)) {
                continue;
            }
            Set<Channel> renewals = EnumSet.noneOf(Channel.class);
            for (Channel channel : state.channels(category)) {
                if (!desired.isOptedOut(category, channel) && !state.channels(EVERY_CATEGORY).contains(channel)) {
                    renewals.add(channel);
                }
            }
            if (!renewals.isEmpty()) {
                commands.add(new RenewSubscriptionCommand(recipientId, category, renewals));
                state = state.renewed(category, renewals);
            }
        }
        Set<Channel> wildcardCancels = EnumSet.noneOf(Channel.class);
        for (Channel channel : desired.channels(EVERY_CATEGORY)) {
            if (!state.channels(EVERY_CATEGORY).contains(channel)) {
                wildcardCancels.add(channel);
            }
        }
        if (!wildcardCancels.isEmpty()) {
            commands.add(new CancelSubscriptionCommand(recipientId, EVERY_CATEGORY, wildcardCancels));
            state = state.cancelled(EVERY_CATEGORY, wildcardCancels);
        }
        for (Map.Entry<String, Set<Channel>> wanted : desired.byCategory.entrySet()) {
            if (EVERY_CATEGORY.equals(wanted.getKey())) {
                continue;
            }
            Set<Channel> cancels = EnumSet.noneOf(Channel.class);
            for (Channel channel : wanted.getValue()) {
                if (!state.isOptedOut(wanted.getKey(), channel)) {
                    cancels.add(channel);
                }
            }
            if (!cancels.isEmpty()) {
                commands.add(new CancelSubscriptionCommand(recipientId, wanted.getKey(), cancels));
                state = state.cancelled(wanted.getKey(), cancels);
            }
        }
        return new Plan(commands, state);
    }

    public List<OptOut> toList() {
        List<OptOut> list = new ArrayList<>();
        byCategory.forEach((category, channels) -> list.add(new OptOut(category, List.copyOf(channels))));
        return list;
    }

    private Set<Channel> channels(String category) {
        return byCategory.getOrDefault(category, Set.of());
    }

    private Map<String, Set<Channel>> copy() {
        Map<String, Set<Channel>> copy = new TreeMap<>();
        byCategory.forEach((category, channels) -> copy.put(category, EnumSet.copyOf(channels)));
        return copy;
    }

    /** Sorted by category, channels in enum order, no empty category: the same opt-outs always look the same. */
    private static Map<String, Set<Channel>> frozen(Map<String, Set<Channel>> byCategory) {
        Map<String, Set<Channel>> frozen = new TreeMap<>();
        byCategory.forEach((category, channels) -> {
            if (!channels.isEmpty()) {
                frozen.put(category, Collections.unmodifiableSet(EnumSet.copyOf(channels)));
            }
        });
        return Collections.unmodifiableMap(frozen);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OptOuts optOuts && byCategory.equals(optOuts.byCategory);
    }

    @Override
    public int hashCode() {
        return byCategory.hashCode();
    }

    @Override
    public String toString() {
        return byCategory.toString();
    }

    /** Commands to send, in order, and the opt-outs recorded once they are handled. */
    public record Plan(List<Object> commands, OptOuts result) {
    }
}

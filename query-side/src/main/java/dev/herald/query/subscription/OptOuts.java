package dev.herald.query.subscription;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A recipient's opt-outs as the subscriptions read model keeps them, category to channels, changed as the Recipient
 * aggregate's events say: a cancellation adds channels to its category, a renewal of {@value #EVERY_CATEGORY}
 * clears the channels in every category. Immutable.
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

    public List<OptOut> toList() {
        List<OptOut> list = new ArrayList<>();
        byCategory.forEach((category, channels) -> list.add(new OptOut(category, List.copyOf(channels))));
        return list;
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
}

package dev.herald.command.recipient;

import static dev.herald.command.recipient.Subscriptions.EVERY_CATEGORY;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.SkipReason;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.ChangePreferencesCommand;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.QuietHoursChangedEvent;
import dev.herald.api.recipient.RecipientContactPointsChangedEvent;
import dev.herald.api.recipient.RecipientPreferences;
import dev.herald.api.recipient.RecipientRegisteredEvent;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import dev.herald.api.recipient.ReplaceOptOutsCommand;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import dev.herald.api.recipient.UpsertRecipientCommand;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A person notifications go to: their contact points, the categories they opted out of, per channel, and their
 * quiet hours.
 *
 * <p>Opt-outs are compared by their effect: a channel is opted out of a category when that category or
 * {@link Subscriptions#EVERY_CATEGORY} lists it. Cancelling what is already in effect, or renewing a category
 * while {@code *} still holds the channel, changes nothing and records nothing.
 *
 * <p>Replacing the opt-outs as a whole is decided here too, against the recipient's committed state: Axon hands the
 * aggregate one command at a time (and on a cluster a concurrent append of the same version fails), so two
 * replacements never interleave their events.
 */
@Aggregate(cache = RecipientCache.BEAN)
class Recipient {

    @AggregateIdentifier
    private String recipientId;
    private ContactPoints contactPoints;
    private Map<String, Set<Channel>> optOuts = new HashMap<>();
    private QuietHours quietHours;

    Recipient() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    /** @return whether this command registered the recipient (false when it already existed) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(UpsertRecipientCommand command) {
        if (recipientId == null) {
            apply(new RecipientRegisteredEvent(command.recipientId(), command.contactPoints()));
            return true;
        }
        if (!contactPoints.equals(command.contactPoints())) {
            apply(new RecipientContactPointsChangedEvent(recipientId, command.contactPoints()));
        }
        return false;
    }

    /**
     * A new time zone replaces the one in the contact points (the recipient has one time zone, for quiet hours and
     * every other local time); a preference already in effect records nothing.
     */
    @CommandHandler
    RecipientPreferences handle(ChangePreferencesCommand command) {
        if (command.timeZone() != null && !command.timeZone().equals(contactPoints.timeZone())) {
            apply(new RecipientContactPointsChangedEvent(recipientId, new ContactPoints(
                    contactPoints.email(), contactPoints.phone(), contactPoints.pushTokens(),
                    contactPoints.webhookUrl(), contactPoints.locale(), command.timeZone())));
        }
        if (!Objects.equals(quietHours, command.quietHours())) {
            apply(new QuietHoursChangedEvent(recipientId, command.quietHours()));
        }
        return preferences();
    }

    RecipientPreferences preferences() {
        return new RecipientPreferences(recipientId, contactPoints.timeZone(), quietHours);
    }

    @CommandHandler
    void handle(CancelSubscriptionCommand command) {
        Set<Channel> newlyOptedOut = EnumSet.noneOf(Channel.class);
        for (Channel channel : Subscriptions.channelsMeant(command.channels())) {
            if (!isOptedOut(command.category(), channel)) {
                newlyOptedOut.add(channel);
            }
        }
        if (!newlyOptedOut.isEmpty()) {
            apply(new SubscriptionCancelledEvent(recipientId, command.category(), newlyOptedOut));
        }
    }

    @CommandHandler
    void handle(RenewSubscriptionCommand command) {
        Set<Channel> renewed = EnumSet.noneOf(Channel.class);
        for (Channel channel : Subscriptions.channelsMeant(command.channels())) {
            if (renewWouldChange(command.category(), channel)) {
                renewed.add(channel);
            }
        }
        if (!renewed.isEmpty()) {
            apply(new SubscriptionRenewedEvent(recipientId, command.category(), renewed));
        }
    }

    /**
     * Records the differences between the opt-outs and the desired ones, in an order whose replay ends exactly at
     * the desired ones: renewals of {@code *} first (they clear the channel in every category), then the other
     * renewals, then cancellations of {@code *}, then the other cancellations. Channels that {@code *} covers are
     * not kept in single categories, so the recorded opt-outs are the desired ones written one way only.
     */
    @CommandHandler
    RecipientSubscriptions handle(ReplaceOptOutsCommand command) {
        Map<String, Set<Channel>> desired = canonical(command.optOuts());
        Set<Channel> wildcardRenewals = EnumSet.noneOf(Channel.class);
        wildcardRenewals.addAll(optedOut(EVERY_CATEGORY));
        wildcardRenewals.removeAll(desired.getOrDefault(EVERY_CATEGORY, Set.of()));
        if (!wildcardRenewals.isEmpty()) {
            apply(new SubscriptionRenewedEvent(recipientId, EVERY_CATEGORY, wildcardRenewals));
        }
        for (String category : new TreeMap<>(optOuts).keySet()) {
            Set<Channel> renewals = EnumSet.noneOf(Channel.class);
            renewals.addAll(optedOut(category));
            renewals.removeAll(desired.getOrDefault(category, Set.of()));
            if (!renewals.isEmpty()) {
                apply(new SubscriptionRenewedEvent(recipientId, category, renewals));
            }
        }
        desired.forEach((category, channels) -> {
            Set<Channel> cancellations = EnumSet.copyOf(channels);
            cancellations.removeAll(optedOut(category));
            if (!cancellations.isEmpty()) {
                apply(new SubscriptionCancelledEvent(recipientId, category, cancellations));
            }
        });
        return recorded();
    }

    /** Merged per category, {@code *} first, without the channels {@code *} already covers, no empty entry. */
    private static Map<String, Set<Channel>> canonical(List<OptOut> optOuts) {
        Map<String, Set<Channel>> merged = new TreeMap<>();
        for (OptOut optOut : optOuts) {
            merged.computeIfAbsent(optOut.category(), category -> EnumSet.noneOf(Channel.class))
                  .addAll(Subscriptions.channelsMeant(Set.copyOf(optOut.channels())));
        }
        Set<Channel> everywhere = merged.getOrDefault(EVERY_CATEGORY, Set.of());
        merged.forEach((category, channels) -> {
            if (!EVERY_CATEGORY.equals(category)) {
                channels.removeAll(everywhere);
            }
        });
        merged.values().removeIf(Set::isEmpty);
        return merged;
    }

    private RecipientSubscriptions recorded() {
        List<OptOut> list = new ArrayList<>();
        new TreeMap<>(optOuts).forEach((category, channels) -> list.add(new OptOut(category, List.copyOf(
                EnumSet.copyOf(channels)))));
        return new RecipientSubscriptions(recipientId, list);
    }

    /** The requested channels a notification of this category must skip, and the contact points to use. */
    Reachability reachability(String category, Set<Channel> channels) {
        Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
        for (Channel channel : channels) {
            if (isOptedOut(category, channel)) {
                skipped.put(channel, SkipReason.OPTED_OUT);
            } else if (!contactPoints.reaches(channel)) {
                skipped.put(channel, SkipReason.NO_CONTACT_POINT);
            }
        }
        return new Reachability(contactPoints, skipped, quietHours);
    }

    String locale() {
        return contactPoints.locale();
    }

    private boolean isOptedOut(String category, Channel channel) {
        return optedOut(category).contains(channel) || optedOut(EVERY_CATEGORY).contains(channel);
    }

    private boolean renewWouldChange(String category, Channel channel) {
        if (EVERY_CATEGORY.equals(category)) {
            return optOuts.values().stream().anyMatch(channels -> channels.contains(channel));
        }
        return optedOut(category).contains(channel) && !optedOut(EVERY_CATEGORY).contains(channel);
    }

    private Set<Channel> optedOut(String category) {
        return optOuts.getOrDefault(category, Set.of());
    }

    @EventSourcingHandler
    void on(RecipientRegisteredEvent event) {
        recipientId = event.recipientId();
        contactPoints = event.contactPoints();
    }

    @EventSourcingHandler
    void on(RecipientContactPointsChangedEvent event) {
        contactPoints = event.contactPoints();
    }

    @EventSourcingHandler
    void on(QuietHoursChangedEvent event) {
        quietHours = event.quietHours();
    }

    @EventSourcingHandler
    void on(SubscriptionCancelledEvent event) {
        optOuts.computeIfAbsent(event.category(), category -> EnumSet.noneOf(Channel.class)).addAll(event.channels());
    }

    @EventSourcingHandler
    void on(SubscriptionRenewedEvent event) {
        if (EVERY_CATEGORY.equals(event.category())) {
            optOuts.values().forEach(channels -> channels.removeAll(event.channels()));
        } else if (optOuts.containsKey(event.category())) {
            optOuts.get(event.category()).removeAll(event.channels());
        }
        optOuts.values().removeIf(Set::isEmpty);
    }
}

package dev.herald.command.notification;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.SkipReason;
import dev.herald.api.recipient.QuietHours;
import dev.herald.command.recipient.Reachability;
import dev.herald.command.recipient.RecipientDirectory;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A directory of recipients with canned skip decisions per category; unknown recipients are not found. */
class FakeRecipientDirectory implements RecipientDirectory {

    private final Map<String, ContactPoints> contactPoints = new HashMap<>();
    private final Map<String, Map<Channel, SkipReason>> skipsByRecipientAndCategory = new HashMap<>();
    private final Map<String, QuietHours> quietHours = new HashMap<>();

    FakeRecipientDirectory quietHours(String recipientId, QuietHours hours) {
        quietHours.put(recipientId, hours);
        return this;
    }

    FakeRecipientDirectory register(String recipientId, ContactPoints reachableAt) {
        contactPoints.put(recipientId, reachableAt);
        return this;
    }

    FakeRecipientDirectory skipping(String recipientId, String category, Map<Channel, SkipReason> skips) {
        skipsByRecipientAndCategory.put(recipientId + "/" + category, skips);
        return this;
    }

    @Override
    public Optional<Reachability> reachability(String recipientId, String category, Set<Channel> channels) {
        if (!contactPoints.containsKey(recipientId)) {
            return Optional.empty();
        }
        Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
        skipsByRecipientAndCategory.getOrDefault(recipientId + "/" + category, Map.of()).forEach((channel, reason) -> {
            if (channels.contains(channel)) {
                skipped.put(channel, reason);
            }
        });
        return Optional.of(new Reachability(contactPoints.get(recipientId), skipped, quietHours.get(recipientId)));
    }
}

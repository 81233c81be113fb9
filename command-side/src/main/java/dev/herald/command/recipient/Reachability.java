package dev.herald.command.recipient;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.SkipReason;
import dev.herald.api.recipient.QuietHours;
import java.util.Map;

/**
 * How a recipient can be reached for one send: the contact points at that moment, which of the requested channels
 * must be skipped and why, and the recipient's quiet hours (null: none). Channels not in {@code skippedChannels}
 * are to be attempted.
 */
public record Reachability(ContactPoints contactPoints, Map<Channel, SkipReason> skippedChannels,
                           QuietHours quietHours) {

    public Reachability {
        skippedChannels = Map.copyOf(skippedChannels);
    }

    public Reachability(ContactPoints contactPoints, Map<Channel, SkipReason> skippedChannels) {
        this(contactPoints, skippedChannels, null);
    }
}

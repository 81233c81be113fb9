package dev.herald.command.recipient;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.SkipReason;
import java.util.Map;

/**
 * How a recipient can be reached for one send: the contact points at that moment, and which of the requested
 * channels must be skipped and why. Channels not in {@code skippedChannels} are to be attempted.
 */
public record Reachability(ContactPoints contactPoints, Map<Channel, SkipReason> skippedChannels) {

    public Reachability {
        skippedChannels = Map.copyOf(skippedChannels);
    }
}

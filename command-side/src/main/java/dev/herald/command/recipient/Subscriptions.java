package dev.herald.command.recipient;

import dev.herald.api.Channel;
import java.util.EnumSet;
import java.util.Set;

/** The two shorthands of subscription commands, shared by the Recipient aggregate and the HTTP edge. */
public final class Subscriptions {

    /**
     * The category that stands for every category. Cancelling it opts out of every category on those channels;
     * renewing it clears every opt-out on those channels, whatever category it was recorded for.
     */
    public static final String EVERY_CATEGORY = "*";

    private Subscriptions() {
    }

    /** The channels a subscription command is about: an empty set means every channel. */
    public static Set<Channel> channelsMeant(Set<Channel> requested) {
        return requested.isEmpty() ? EnumSet.allOf(Channel.class) : EnumSet.copyOf(requested);
    }
}

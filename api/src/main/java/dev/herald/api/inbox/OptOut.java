package dev.herald.api.inbox;

import dev.herald.api.Channel;
import java.util.List;

/** The channels a recipient opted out of for one category (or {@code *}), in the order of {@link Channel}. */
public record OptOut(String category, List<Channel> channels) {
}

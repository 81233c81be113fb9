package dev.herald.api.broadcast;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What every recipient of a broadcast is sent: the fields of a single send without its recipient.
 *
 * @param sendAt null to send now
 */
public record BroadcastContent(String category, Priority priority, Set<Channel> channels, String title, String body,
                               Map<String, Object> data, Instant sendAt) {

    public BroadcastContent {
        requireNonBlank(category, "category");
        requireNonNull(priority, "priority");
        channels = Set.copyOf(requireNonEmpty(channels, "channels"));
        requireNonBlank(title, "title");
        body = body == null ? "" : body;
        data = data == null ? Map.of() : data;
    }
}

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
 * What every recipient of a broadcast is sent: the fields of a single send without its recipient, with either a
 * title (and body) or a template that is rendered for each recipient.
 *
 * @param sendAt   null to send now
 * @param template null when the sender wrote title and body (always so in broadcasts stored before templates)
 */
public record BroadcastContent(String category, Priority priority, Set<Channel> channels, String title, String body,
                               Map<String, Object> data, Instant sendAt, BroadcastTemplate template) {

    public BroadcastContent {
        requireNonBlank(category, "category");
        requireNonNull(priority, "priority");
        channels = Set.copyOf(requireNonEmpty(channels, "channels"));
        if (template == null) {
            requireNonBlank(title, "title");
            body = body == null ? "" : body;
        }
        data = data == null ? Map.of() : data;
    }

    /** Content whose title and body the sender wrote itself. */
    public BroadcastContent(String category, Priority priority, Set<Channel> channels, String title, String body,
                            Map<String, Object> data, Instant sendAt) {
        this(category, priority, channels, title, body, data, sendAt, null);
    }
}

package dev.herald.api.digest;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;
import static dev.herald.api.Checks.requireNonNull;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds a notification to the recipient's open digest window of its key, opening one when none is open. A repeat of
 * an item already collected (in any window) is a no-op, so the collector may deliver an item more than once.
 *
 * @param digestId {@link dev.herald.api.AggregateIds#digest}
 * @param timeZone the recipient's time zone at send time, for a daily window; null for UTC
 */
public record CollectDigestItemCommand(@TargetAggregateIdentifier String digestId, String recipientId, String key,
                                       String window, String timeZone, DigestItem item) {

    public CollectDigestItemCommand {
        requireNonBlank(digestId, "digestId");
        requireNonBlank(recipientId, "recipientId");
        requireNonBlank(key, "key");
        DigestWindow.parse(window);
        requireNonNull(item, "item");
        requireNonBlank(item.notificationId(), "item.notificationId");
        requireNonEmpty(item.channels(), "item.channels");
    }
}

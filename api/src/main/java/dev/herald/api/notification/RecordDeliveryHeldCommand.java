package dev.herald.api.notification;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.Channel;
import java.time.Instant;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The delivery saga holds these channels until the recipient's quiet hours end. Only channels still open are
 * recorded; a repeat changes nothing.
 */
public record RecordDeliveryHeldCommand(@TargetAggregateIdentifier String notificationId, Set<Channel> channels,
                                        Instant until) {

    public RecordDeliveryHeldCommand {
        requireNonBlank(notificationId, "notificationId");
        channels = Set.copyOf(requireNonEmpty(channels, "channels"));
        requireNonNull(until, "until");
    }
}

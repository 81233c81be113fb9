package dev.herald.command.recipient;

import dev.herald.api.Channel;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Notification aggregate learns, while it handles a send, whether and how the recipient can be reached.
 *
 * <p>The answer must reflect every subscription change committed before the call: a recipient who opted out of
 * a category on a channel must never be sent that category on that channel afterwards. A read model that lags
 * behind the event store cannot promise that, which is why the real implementation reads the Recipient aggregate.
 * Call it only while a command is being handled (inside a unit of work).
 */
public interface RecipientDirectory {

    /**
     * @param category the notification's category (never {@link Subscriptions#EVERY_CATEGORY})
     * @param channels the channels the sender asked for
     * @return the recipient's contact points and the subset of {@code channels} to skip, or empty when no
     *         recipient with this id is registered
     */
    Optional<Reachability> reachability(String recipientId, String category, Set<Channel> channels);
}

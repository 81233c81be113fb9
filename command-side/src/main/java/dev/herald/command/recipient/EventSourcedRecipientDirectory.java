package dev.herald.command.recipient;

import dev.herald.api.Channel;
import java.util.Optional;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Loads the Recipient aggregate in the caller's unit of work. The repository locks the recipient until that unit
 * of work ends, so a subscription change for the same recipient on this node waits for the send to commit rather
 * than slipping in between the decision and the stored event.
 */
@Component
class EventSourcedRecipientDirectory implements RecipientDirectory {

    private final Repository<Recipient> recipients;

    EventSourcedRecipientDirectory(Repository<Recipient> recipients) {
        this.recipients = recipients;
    }

    @Override
    public Optional<Reachability> reachability(String recipientId, String category, Set<Channel> channels) {
        try {
            return Optional.of(recipients.load(recipientId)
                                         .invoke(recipient -> recipient.reachability(category, channels)));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}

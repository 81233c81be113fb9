package dev.herald.command.recipient;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.recipient.FindRecipientPreferencesQuery;
import dev.herald.api.recipient.RecipientPreferences;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * A recipient's preferences from the Recipient's own events, so that a GET right after a PUT shows the PUT (a read
 * model may lag, and the preferences are a few fields of one aggregate).
 */
@Component
class RecipientPreferencesQueries {

    private final Repository<Recipient> recipients;

    RecipientPreferencesQueries(Repository<Recipient> recipients) {
        this.recipients = recipients;
    }

    @QueryHandler
    RecipientPreferences handle(FindRecipientPreferencesQuery query) {
        try {
            return recipients.load(query.recipientId()).invoke(Recipient::preferences);
        } catch (AggregateNotFoundException e) {
            throw new HeraldException(ErrorCode.RECIPIENT_NOT_FOUND,
                                      "recipient '" + query.recipientId() + "' not found");
        }
    }
}

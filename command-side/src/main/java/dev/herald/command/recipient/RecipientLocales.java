package dev.herald.command.recipient;

import dev.herald.api.template.FindRecipientLocaleQuery;
import dev.herald.api.template.RecipientLocale;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The recipient's locale for rendering a template, from the Recipient's own events (a read model may lag). */
@Component
class RecipientLocales {

    private final Repository<Recipient> recipients;

    RecipientLocales(Repository<Recipient> recipients) {
        this.recipients = recipients;
    }

    @QueryHandler
    RecipientLocale handle(FindRecipientLocaleQuery query) {
        try {
            return new RecipientLocale(query.recipientId(),
                                       recipients.load(query.recipientId()).invoke(Recipient::locale));
        } catch (AggregateNotFoundException e) {
            return new RecipientLocale(query.recipientId(), null);
        }
    }
}

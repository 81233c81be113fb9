package dev.herald.command.template;

import dev.herald.api.AggregateIds;
import dev.herald.api.template.FindTemplateQuery;
import dev.herald.api.template.TemplateView;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers template reads from the template's own events rather than from a read model: a send or a preview made
 * right after a save must see that save, and a projection may still be behind.
 */
@Component
class TemplateQueries {

    private final Repository<Template> templates;

    TemplateQueries(Repository<Template> templates) {
        this.templates = templates;
    }

    @QueryHandler
    TemplateView handle(FindTemplateQuery query) {
        try {
            return templates.load(AggregateIds.template(query.templateKey())).invoke(template -> template.view(query.version()));
        } catch (AggregateNotFoundException e) {
            return null;
        }
    }
}

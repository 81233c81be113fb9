package dev.herald.command.web;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.template.FindRecipientLocaleQuery;
import dev.herald.api.template.FindTemplateQuery;
import dev.herald.api.template.RecipientLocale;
import dev.herald.api.template.TemplateView;
import dev.herald.command.template.TemplateEngine;
import java.time.Duration;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Renders a template at the edge, so that the command carries the content actually sent. Template and recipient
 * locale are read through queries the command side answers from the aggregates' events: a template saved a moment
 * ago is already there, which a read model could not promise.
 */
@Component
class TemplateRendering {

    private final QueryGateway queryGateway;
    private final TemplateEngine engine;
    private final Duration timeout;

    TemplateRendering(QueryGateway queryGateway, TemplateEngine engine, CommandTimeout timeout) {
        this.queryGateway = queryGateway;
        this.engine = engine;
        this.timeout = timeout.value();
    }

    /** The template version, or TEMPLATE_NOT_FOUND naming what is missing. */
    Mono<TemplateView> template(String key, Integer version) {
        return Mono.fromFuture(() -> queryGateway.query(new FindTemplateQuery(key, version),
                                                        ResponseTypes.instanceOf(TemplateView.class)))
                   .timeout(timeout, Mono.error(() -> new ResponseStatusException(
                           HttpStatus.SERVICE_UNAVAILABLE, "the template could not be read in time")))
                   .switchIfEmpty(Mono.error(() -> new HeraldException(ErrorCode.TEMPLATE_NOT_FOUND, version == null
                           ? "template '" + key + "' not found"
                           : "version " + version + " of template '" + key + "' not found")));
    }

    /**
     * Renders for a send: in {@code locale} when the sender chose one, else in the recipient's. An archived template
     * cannot be sent.
     */
    Mono<TemplateEngine.Rendered> forSend(TemplateChoice choice, String recipientId, Map<String, Object> data) {
        Mono<String> locale = choice.locale() != null ? Mono.just(choice.locale()) : recipientLocale(recipientId);
        return template(choice.key(), choice.version())
                .flatMap(template -> {
                    if (template.archived()) {
                        return Mono.error(new HeraldException(ErrorCode.TEMPLATE_ARCHIVED, "template '"
                                + template.key() + "' is archived; save it again to use it"));
                    }
                    return locale.map(chosen -> engine.render(template, chosen, data))
                                 .switchIfEmpty(Mono.fromSupplier(() -> engine.render(template, null, data)));
                });
    }

    private Mono<String> recipientLocale(String recipientId) {
        return Mono.fromFuture(() -> queryGateway.query(new FindRecipientLocaleQuery(recipientId),
                                                        ResponseTypes.instanceOf(RecipientLocale.class)))
                   .timeout(timeout, Mono.error(() -> new ResponseStatusException(
                           HttpStatus.SERVICE_UNAVAILABLE, "the recipient could not be read in time")))
                   .mapNotNull(RecipientLocale::locale);
    }
}

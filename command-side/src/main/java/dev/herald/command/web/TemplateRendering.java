package dev.herald.command.web;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.template.FindRecipientLocaleQuery;
import dev.herald.api.template.FindTemplateQuery;
import dev.herald.api.template.RecipientLocale;
import dev.herald.api.template.RecipientRendering;
import dev.herald.api.template.RenderTemplateQuery;
import dev.herald.api.template.TemplateView;
import dev.herald.command.template.TemplateEngine;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Renders a template at the edge, so that the command carries the content actually sent. Template and recipient
 * locale are read through queries the command side answers from the aggregates' events: a template saved a moment
 * ago is already there, which a read model could not promise. It also answers the fan-out of a send to topics
 * ({@link RenderTemplateQuery}), so that each recipient of a broadcast gets what a single send would render.
 */
@Component
class TemplateRendering {

    private final QueryGateway queryGateway;
    private final CommandCalls calls;
    private final TemplateEngine engine;

    TemplateRendering(QueryGateway queryGateway, CommandCalls calls, TemplateEngine engine) {
        this.queryGateway = queryGateway;
        this.calls = calls;
        this.engine = engine;
    }

    /** The template version, or TEMPLATE_NOT_FOUND naming what is missing. */
    Mono<TemplateView> template(String key, Integer version) {
        return calls.ask(() -> queryGateway.query(new FindTemplateQuery(key, version),
                                                  ResponseTypes.instanceOf(TemplateView.class)))
                    .switchIfEmpty(Mono.error(() -> new HeraldException(ErrorCode.TEMPLATE_NOT_FOUND, version == null
                            ? "template '" + key + "' not found"
                            : "version " + version + " of template '" + key + "' not found")));
    }

    /**
     * Renders for a send: in {@code locale} when the sender chose one, else in the recipient's. An archived template
     * cannot be sent.
     */
    Mono<TemplateEngine.Rendered> forSend(TemplateChoice choice, String recipientId, Map<String, Object> data) {
        return template(choice.key(), choice.version())
                .flatMap(TemplateRendering::unlessArchived)
                .flatMap(template -> render(template, choice.locale(), recipientId, data));
    }

    /**
     * Checks a send to topics at acceptance, so that a bad one fails before anything is stored: the template exists
     * and is not archived, and renders with the data in the sender's locale or else the template's default (a
     * recipient's locale is not known yet). Answers the version checked, which the broadcast pins.
     */
    Mono<TemplateView> forBroadcast(TemplateChoice choice, Map<String, Object> data) {
        return template(choice.key(), choice.version())
                .flatMap(TemplateRendering::unlessArchived)
                .doOnNext(template -> NotificationContent.requireSendable(engine.render(template, choice.locale(),
                                                                                          data)));
    }

    /**
     * Renders a broadcast's pinned version for one of its recipients, as {@link #forSend} would for a single send.
     * The version was checked when the broadcast was accepted, so archiving the template since does not stop its
     * fan-out; rendering failures are answered as a reason, for the fan-out to skip the recipient.
     */
    @QueryHandler
    CompletableFuture<RecipientRendering> handle(RenderTemplateQuery query) {
        return template(query.templateKey(), query.version())
                .flatMap(template -> render(template, query.locale(), query.recipientId(), query.data()))
                .map(rendered -> {
                    NotificationContent.requireSendable(rendered);
                    return new RecipientRendering(rendered.template(), rendered.content().title(),
                                                  rendered.content().body(), rendered.content(), null);
                })
                .onErrorResume(HeraldException.class,
                               failure -> Mono.just(RecipientRendering.failed(failure.getMessage())))
                .toFuture();
    }

    private Mono<TemplateEngine.Rendered> render(TemplateView template, String chosenLocale, String recipientId,
                                                 Map<String, Object> data) {
        Mono<String> locale = chosenLocale != null ? Mono.just(chosenLocale) : recipientLocale(recipientId);
        return locale.map(chosen -> engine.render(template, chosen, data))
                     .switchIfEmpty(Mono.fromSupplier(() -> engine.render(template, null, data)));
    }

    private static Mono<TemplateView> unlessArchived(TemplateView template) {
        if (template.archived()) {
            return Mono.error(new HeraldException(ErrorCode.TEMPLATE_ARCHIVED, "template '" + template.key()
                    + "' is archived; save it again to use it"));
        }
        return Mono.just(template);
    }

    private Mono<String> recipientLocale(String recipientId) {
        return calls.ask(() -> queryGateway.query(new FindRecipientLocaleQuery(recipientId),
                                                  ResponseTypes.instanceOf(RecipientLocale.class)))
                    .mapNotNull(RecipientLocale::locale);
    }
}

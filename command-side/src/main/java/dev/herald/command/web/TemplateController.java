package dev.herald.command.web;

import dev.herald.api.template.ArchiveTemplateCommand;
import dev.herald.api.template.SaveTemplateCommand;
import dev.herald.api.template.TemplateSaveResult;
import dev.herald.api.template.TemplateView;
import dev.herald.command.template.TemplateEngine;
import java.net.URI;
import java.security.Principal;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Senders keep their content in versioned templates: save (each change a new version), read any version, preview
 * with sample data, archive. Templates are shared by every sender; each event records who saved it.
 */
@RestController
@RequestMapping(TemplateController.TEMPLATES + "/{key}")
class TemplateController {

    static final String TEMPLATES = "/api/v1/templates";

    private final CommandGateway commandGateway;
    private final CommandCalls calls;
    private final TemplateRendering rendering;
    private final TemplateEngine engine;

    TemplateController(CommandGateway commandGateway, CommandCalls calls, TemplateRendering rendering,
                       TemplateEngine engine) {
        this.commandGateway = commandGateway;
        this.calls = calls;
        this.rendering = rendering;
        this.engine = engine;
    }

    /** 201 when this created the template, 200 otherwise ({@code changed} says whether a version was added). */
    @PutMapping
    Mono<ResponseEntity<TemplateSaveResult>> save(@PathVariable String key, @RequestBody TemplateRequest request,
                                                  Mono<Principal> principal) {
        String templateKey = RequestChecks.templateKey(key);
        String defaultLocale = request.canonicalDefaultLocale();
        var locales = request.canonicalLocales();
        return senderOf(principal)
                .flatMap(senderId -> calls.<TemplateSaveResult>send(() -> commandGateway.send(
                        new SaveTemplateCommand(templateKey, senderId, defaultLocale, locales))))
                .map(saved -> ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                                            .location(URI.create(TEMPLATES + "/" + templateKey))
                                            .body(saved));
    }

    /** The latest version, or the one asked for; archived templates are still shown (with {@code archived}). */
    @GetMapping
    Mono<TemplateView> get(@PathVariable String key, @RequestParam(required = false) Integer version) {
        return rendering.template(RequestChecks.templateKey(key), RequestChecks.templateVersion(version));
    }

    /** Archives: 204, also when already archived. */
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> archive(@PathVariable String key, Mono<Principal> principal) {
        String templateKey = RequestChecks.templateKey(key);
        return senderOf(principal)
                .flatMap(senderId -> calls.send(() -> commandGateway.send(
                        new ArchiveTemplateCommand(templateKey, senderId))))
                .then();
    }

    /** Renders with the given data, as a send would; nothing is stored. Archived templates can be previewed. */
    @PostMapping("/preview")
    Mono<TemplatePreview> preview(@PathVariable String key, @RequestBody PreviewRequest request) {
        String templateKey = RequestChecks.templateKey(key);
        Integer version = RequestChecks.templateVersion(request.version());
        String locale = RequestChecks.locale(request.locale());
        var data = RequestChecks.data(request.data());
        return rendering.template(templateKey, version)
                        .map(template -> engine.render(template, locale, data))
                        .map(rendered -> new TemplatePreview(rendered.template(), rendered.content().title(),
                                                             rendered.content().body(), rendered.content()));
    }

    private static Mono<String> senderOf(Mono<Principal> principal) {
        return principal.map(Principal::getName)
                        .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)));
    }
}

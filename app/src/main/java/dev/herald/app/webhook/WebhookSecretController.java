package dev.herald.app.webhook;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The calling sender's own webhook signing secrets: create one (its value is in this answer only), list them, retire
 * one. Rotation is create, let receivers learn the new secret, then retire the old one; in between webhooks carry a
 * signature by each.
 */
@RestController
class WebhookSecretController {

    static final String PATH = "/api/v1/webhook-secrets";

    private final WebhookSecretStore store;

    WebhookSecretController(WebhookSecretStore store) {
        this.store = store;
    }

    /** A new secret, {@code whsec_<base64>}, as Standard Webhooks libraries take it. */
    record CreatedSecret(String secretId, String secret, Instant createdAt) {
    }

    /** A secret without its value; {@code retiredAt} is null while it signs. */
    record SecretInfo(String secretId, Instant createdAt, Instant retiredAt) {
    }

    @PostMapping(PATH)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CreatedSecret> create(Mono<Principal> principal) {
        return principal.map(Principal::getName)
                .publishOn(Schedulers.boundedElastic())
                .map(senderId -> {
                    try {
                        return store.create(senderId);
                    } catch (WebhookSecretStore.TooManySecretsException e) {
                        throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
                    }
                })
                .map(secret -> new CreatedSecret(secret.secretId(), secret.secret(), secret.createdAt()));
    }

    @GetMapping(PATH)
    Mono<List<SecretInfo>> list(Mono<Principal> principal) {
        return principal.map(Principal::getName)
                .publishOn(Schedulers.boundedElastic())
                .map(senderId -> store.list(senderId).stream()
                        .map(secret -> new SecretInfo(secret.secretId(), secret.createdAt(), secret.retiredAt()))
                        .toList());
    }

    @DeleteMapping(PATH + "/{secretId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> retire(@PathVariable String secretId, Mono<Principal> principal) {
        return principal.map(Principal::getName)
                .publishOn(Schedulers.boundedElastic())
                .map(senderId -> store.retire(senderId, secretId))
                .flatMap(found -> found ? Mono.<Void>empty()
                        : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                                                                 "no webhook secret " + secretId)));
    }
}

package dev.herald.app.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Admin-only: issue, list and revoke sender API keys. The secret is shown once, in the issue response. */
@RestController
class ApiKeyAdminController {

    private static final Pattern SENDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ApiKeyStore store;

    ApiKeyAdminController(ApiKeyStore store) {
        this.store = store;
    }

    record IssueRequest(String senderId, String name, List<String> scopes) {
    }

    record IssuedKey(String keyId, String apiKey, String senderId, String name, Set<Scope> scopes) {
    }

    @PostMapping("/api/v1/admin/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<IssuedKey> issue(@RequestBody IssueRequest request) {
        if (request.senderId() == null || !SENDER_ID.matcher(request.senderId()).matches()) {
            throw new ServerWebInputException("senderId: required, 1 to 64 characters of letters, digits and ._-");
        }
        if (request.name() != null && request.name().length() > 200) {
            throw new ServerWebInputException("name: at most 200 characters");
        }
        if (request.scopes() == null || request.scopes().isEmpty()) {
            throw new ServerWebInputException("scopes: required, one or more of send, admin");
        }
        Set<Scope> scopes = new LinkedHashSet<>();
        for (String scope : request.scopes()) {
            try {
                scopes.add(Scope.parse(scope));
            } catch (IllegalArgumentException e) {
                throw new ServerWebInputException("scopes: " + e.getMessage());
            }
        }
        return Mono.fromCallable(() -> store.issue(request.senderId(), request.name(), scopes))
                .subscribeOn(Schedulers.boundedElastic())
                .map(issued -> new IssuedKey(issued.key().keyId(), issued.secret(), issued.key().senderId(),
                        issued.key().name(), issued.key().scopes()));
    }

    @GetMapping("/api/v1/admin/api-keys")
    Mono<List<ApiKeyStore.ApiKey>> list() {
        return Mono.fromCallable(store::list).subscribeOn(Schedulers.boundedElastic());
    }

    @DeleteMapping("/api/v1/admin/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@PathVariable String keyId) {
        return Mono.fromCallable(() -> store.revoke(keyId))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> found ? Mono.<Void>empty()
                        : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no API key " + keyId)));
    }
}

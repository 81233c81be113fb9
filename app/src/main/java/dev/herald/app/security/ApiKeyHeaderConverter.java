package dev.herald.app.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: ApiKey <key>}. No header, or another scheme, means no API-key authentication (the
 * request then fails authorization with a 401 where a key is needed); a malformed ApiKey header fails at once.
 */
class ApiKeyHeaderConverter implements ServerAuthenticationConverter {

    private static final String SCHEME = "ApiKey ";
    private static final int MAX_KEY_LENGTH = 256;

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Mono.empty();
        }
        String secret = header.substring(SCHEME.length()).trim();
        if (secret.isEmpty() || secret.length() > MAX_KEY_LENGTH) {
            return Mono.error(new BadCredentialsException("malformed API key"));
        }
        return Mono.just(ApiKeyAuthentication.presented(secret));
    }
}

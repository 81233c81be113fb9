package dev.herald.app.security;

import dev.herald.api.ErrorCode;
import dev.herald.app.ratelimit.RatePolicy;
import dev.herald.app.ratelimit.SenderRateLimiter;
import dev.herald.app.ratelimit.SenderRateLimiter.Decision;
import dev.herald.app.web.Problems;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Holds each API key to its rate limit ({@link SenderRateLimiter}), right after the key is authenticated: a request
 * over the limit gets {@code 429} {@link ErrorCode#RATE_LIMITED} with {@code Retry-After}; every answer to a limited
 * key carries the {@code RateLimit-Policy} and {@code RateLimit} header fields. Requests without a key (recipients,
 * health checks, refused credentials) are not counted here.
 */
class SenderRateLimitFilter implements WebFilter {

    static final String POLICY_FIELD = "RateLimit-Policy";
    static final String LIMIT_FIELD = "RateLimit";

    private final SenderRateLimiter limiter;

    SenderRateLimitFilter(SenderRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(ApiKeyAuthentication.class::isInstance)
                .map(authentication -> ((ApiKeyAuthentication) authentication).key())
                .flatMap(key -> Mono.justOrEmpty(policyFor(key)).flatMap(policy -> decide(key, policy)))
                .flatMap(decision -> answer(exchange, chain, decision).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    private Optional<RatePolicy> policyFor(ApiKeyStore.ApiKey key) {
        return limiter.policyFor(key.keyId(), key.name(), key.scopes().contains(Scope.ADMIN));
    }

    private Mono<Decision> decide(ApiKeyStore.ApiKey key, RatePolicy policy) {
        Mono<Decision> decision = Mono.fromCallable(() -> limiter.tryAcquire(key.keyId(), policy));
        return limiter.blocking() ? decision.subscribeOn(Schedulers.boundedElastic()) : decision;
    }

    private static Mono<Void> answer(ServerWebExchange exchange, WebFilterChain chain, Decision decision) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(POLICY_FIELD, decision.policyField());
        headers.set(LIMIT_FIELD, decision.limitField());
        if (decision.allowed()) {
            return chain.filter(exchange);
        }
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(decision.retryAfterSeconds()));
        return Problems.write(exchange, Problems.of(ErrorCode.RATE_LIMITED,
                "This API key made more requests than its limit allows (" + decision.policy().capacity()
                        + " per " + decision.policy().timeToFill().toSeconds() + " s); retry after "
                        + decision.retryAfterSeconds() + " s"));
    }
}

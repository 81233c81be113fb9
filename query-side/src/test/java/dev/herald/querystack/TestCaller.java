package dev.herald.querystack;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Stands in for the app's security: the caller named in a test header becomes the exchange's principal and the
 * reactive security context's authentication, as the app's JWT filter chain makes them.
 */
public final class TestCaller implements WebFilter {

    public static final String CALLER = "X-Test-Caller";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String caller = exchange.getRequest().getHeaders().getFirst(CALLER);
        if (caller == null) {
            return chain.filter(exchange);
        }
        TestingAuthenticationToken authentication = new TestingAuthenticationToken(caller, null, "SCOPE_recipient");
        return chain.filter(exchange.mutate().principal(Mono.just(authentication)).build())
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
    }
}

package dev.herald.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every error answer (status 400 and up, from any filter or handler, Spring Security's included) closes its HTTP/1.1
 * connection. Reactor Netty 1.2 (reactor-netty issue 4361; 1.2.18, the newest 1.2 release served here, still has
 * it) now and then stops reading a kept-alive connection when a request arrives before the previous one's exchange
 * has terminated, which is what an answer written at once, often before the request's body was read, invites: the
 * client's next request on that connection then never gets an answer. A client told {@code Connection: close}
 * opens a new connection instead, and an unread body cannot be taken for the next request. Successful answers keep
 * their connection alive. Remove this once Herald runs on a Reactor Netty release with the fix.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CloseAfterError implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpStatusCode status = response.getStatusCode();
            if (status != null && status.value() >= 400) {
                response.getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}

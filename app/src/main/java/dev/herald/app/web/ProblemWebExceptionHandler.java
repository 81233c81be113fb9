package dev.herald.app.web;

import dev.herald.query.web.ApiError;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Failures that never reach a controller (no such route, a functional route's refusal such as a GraphQL request
 * with the wrong method or media type, a filter's error) get the same problem document as the rest, instead of
 * Spring Boot's default error JSON. Ordered before Boot's own handler.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ApiError error = ApiError.of(failure);
        ApiExceptionHandler.logged(error, failure, exchange);
        return Problems.write(exchange, Problems.of(error), Problems.headers(error, failure));
    }
}

package dev.herald.app.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Failures that never reach a controller (no such route, a filter's error) get the same problem document as the
 * rest, instead of Spring Boot's default error JSON. Ordered before Boot's own handler.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ProblemDetail problem = ApiExceptionHandler.toProblem(failure);
        return Problems.write(exchange, problem);
    }
}

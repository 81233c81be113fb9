package dev.herald.app.web;

import dev.herald.query.web.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where the controllers' failures become HTTP answers: RFC 9457 problem documents whose {@code code} is the
 * {@link ApiError} mapping's, the same code GraphQL answers for the same cause. Nothing here ever returns a stack
 * trace, and only genuine faults are 5xx.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(Throwable.class)
    Mono<ResponseEntity<ProblemDetail>> handle(Throwable failure, ServerWebExchange exchange) {
        ApiError error = ApiError.of(failure);
        logged(error, failure, exchange);
        ProblemDetail problem = Problems.of(error);
        HttpHeaders headers = Problems.headers(error, failure);
        return Mono.just(ResponseEntity.status(problem.getStatus()).headers(headers).body(problem));
    }

    /** Maps any failure to its problem; kept for callers that need the document without a response. */
    public static ProblemDetail toProblem(Throwable failure) {
        return Problems.of(ApiError.of(failure));
    }

    /** A fault of Herald's own with its stack trace; a refusal for lack of capacity or time in one line. */
    static void logged(ApiError error, Throwable failure, ServerWebExchange exchange) {
        if (error.isInternal()) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
        } else if (error.status() >= 500) {
            log.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                     error.code(), failure.toString());
        }
    }
}

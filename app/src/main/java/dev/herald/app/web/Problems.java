package dev.herald.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.ErrorCode;
import dev.herald.query.web.ApiError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Builds and writes RFC 9457 problem documents; every error Herald returns over HTTP goes through here. */
public final class Problems {

    /** Every 503 is worth retrying (overload, timeout, a node gone); a second is enough for each. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private Problems() {
    }

    /**
     * A problem with the code's status, its stable machine-readable {@code code} next to the readable
     * {@code detail}. The type URI is derived from the code so that clients can switch on either.
     */
    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()), detail);
        problem.setType(URI.create("https://herald.dev/problems/" + code.name().toLowerCase().replace('_', '-')));
        problem.setProperty("code", code.name());
        return problem;
    }

    public static ProblemDetail of(ApiError error) {
        return of(error.code(), error.detail());
    }

    /** Headers that go with the answer: when to retry a 503, and what a refused method or media type allows. */
    static HttpHeaders headers(ApiError error, Throwable failure) {
        HttpHeaders headers = new HttpHeaders();
        if (error.status() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (failure instanceof ErrorResponse response) {
            headers.addAll(response.getHeaders());
        }
        return headers;
    }

    /** Writes a problem outside the annotated-controller path (security filters, unmatched routes). */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        return write(exchange, problem, new HttpHeaders());
    }

    static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().addAll(headers);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + problem.getStatus() + "}").getBytes(StandardCharsets.UTF_8);
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}

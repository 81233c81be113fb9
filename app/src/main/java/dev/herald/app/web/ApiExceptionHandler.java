package dev.herald.app.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.HeraldException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The one place where failures become HTTP answers: RFC 7807 problem documents with a {@code code} a client can
 * rely on. Domain rule violations arrive as {@link CommandExecutionException}s carrying {@link ErrorDetails}
 * (or, locally, as {@link HeraldException}s); input errors as Spring's web exceptions. Nothing here ever returns a
 * stack trace, and only genuine faults are 5xx.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /**
     * Axon Server's codes for a message that did not reach or did not come back from its handler: connection to the
     * handler lost, connection failed, no event store leader, command and query dispatch errors.
     */
    private static final Set<String> TRANSPORT_CODES = Set.of(
            "AXONIQ-4001", "AXONIQ-3001", "AXONIQ-2100", "AXONIQ-4003", "AXONIQ-5002");

    @ExceptionHandler(Throwable.class)
    Mono<ResponseEntity<ProblemDetail>> handle(Throwable failure, ServerWebExchange exchange) {
        ProblemDetail problem = toProblem(failure);
        if (problem.getStatus() >= 500) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
        }
        HttpHeaders headers = new HttpHeaders();
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            headers.set(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
        }
        if (failure instanceof ErrorResponse response) {
            headers.addAll(response.getHeaders());
        }
        return Mono.just(ResponseEntity.status(problem.getStatus()).headers(headers).body(problem));
    }

    /** Maps any failure to its problem; public so that the filter-level handler answers the same way. */
    public static ProblemDetail toProblem(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HeraldException domain) {
            return domainProblem(domain.code(), domain.getMessage());
        }
        if (cause instanceof HandlerExecutionException remote && remote.getDetails().orElse(null)
                instanceof ErrorDetails details) {
            return domainProblem(details.code(), details.message());
        }
        if (cause instanceof CommandExecutionException || cause instanceof QueryExecutionException) {
            Throwable inner = cause.getCause();
            if (inner != null && inner != cause) {
                return toProblem(inner);
            }
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return Problems.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such resource: " + notFound.getMessage());
        }
        if (cause instanceof ConcurrencyException) {
            return domainProblem(ErrorCode.CONCURRENT_MODIFICATION,
                    "another request changed this resource at the same time; retry");
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return Problems.of(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", invalid.getMessage());
        }
        if (cause instanceof DataBufferLimitException) {
            return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "the request body is larger than this endpoint accepts");
        }
        if (cause instanceof WebExchangeBindException binding) {
            return Problems.of(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", binding.getFieldErrors().stream()
                    .map(error -> error.getField() + ": " + error.getDefaultMessage())
                    .collect(Collectors.joining("; ")));
        }
        if (cause instanceof ServerWebInputException input) {
            return Problems.of(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", describeInput(input));
        }
        if (cause instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            String detail = response.getBody().getDetail() != null ? response.getBody().getDetail()
                    : HttpStatus.valueOf(status.value()).getReasonPhrase();
            return Problems.of(status, codeFor(status), detail);
        }
        if (cause instanceof RejectedExecutionException) {
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                    "Herald is at capacity; retry shortly");
        }
        if (cause instanceof TimeoutException) {
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "TIMEOUT",
                    "the request did not complete in time; it is safe to retry with the same Idempotency-Key");
        }
        if (cause instanceof NoHandlerForCommandException || cause instanceof NoHandlerForQueryException) {
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                    "no node can handle this request right now; retry shortly");
        }
        if (lostInTransport(cause)) {
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "CONNECTION_LOST",
                    "the node or store handling this request went away before it answered; retry with the same "
                    + "Idempotency-Key, which makes the retry safe");
        }
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "an unexpected error occurred; it has been logged");
    }

    private static ProblemDetail domainProblem(ErrorCode code, String message) {
        HttpStatus status = switch (code.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        return Problems.of(status, code.name(), message);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "INVALID_REQUEST";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "REQUEST_REJECTED";
        };
    }

    /** Turns a decoding failure into a sentence that names the field, never a parser's stack trace. */
    private static String describeInput(ServerWebInputException input) {
        for (Throwable t = input; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return "the request body is too large";
            }
            if (t instanceof UnrecognizedPropertyException unknown) {
                return "unknown field '" + unknown.getPropertyName() + "'" + where(unknown);
            }
            if (t instanceof InvalidFormatException format) {
                return "field " + path(format) + ": cannot read '" + format.getValue() + "' as "
                        + format.getTargetType().getSimpleName();
            }
            if (t instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    && !path(mismatch).isEmpty()) {
                return "field " + path(mismatch) + ": expected " + describe(mismatch.getTargetType());
            }
            if (t instanceof JsonParseException parse) {
                return "malformed JSON: " + parse.getOriginalMessage() + location(parse);
            }
            if (t instanceof JsonMappingException mapping) {
                String field = path(mapping);
                return (field.isEmpty() ? "body" : "field " + field) + ": " + firstLine(mapping.getOriginalMessage());
            }
            if (t instanceof JsonProcessingException json) {
                return "malformed JSON: " + firstLine(json.getOriginalMessage()) + location(json);
            }
            if (t instanceof DecodingException decoding && decoding.getCause() == null) {
                return firstLine(decoding.getMessage());
            }
        }
        String reason = input.getReason();
        return reason == null || reason.isBlank() ? "the request is not valid" : reason;
    }

    private static String describe(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time such as 2030-01-31T09:00:00Z";
        }
        return "an object";
    }

    private static String where(JsonMappingException mapping) {
        String path = path(mapping);
        int dot = path.lastIndexOf('.');
        return dot > 0 ? " in " + path.substring(0, dot) : "";
    }

    private static String path(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String location(JsonProcessingException json) {
        return json.getLocation() == null ? ""
                : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * A request that failed on its way, not on its merits: the node handling the command died or was cut off
     * (Axon Server answers {@code AXONIQ-4001} "Connection lost while executing command"), a dispatch did not reach
     * a handler, or the database could not be reached. Whether the command ran is unknown, so the answer is a
     * retryable 503: the Idempotency-Key turns a repeat of one that did run into its first result.
     */
    static boolean lostInTransport(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof AxonServerException axonServer && TRANSPORT_CODES.contains(axonServer.code())
                    || t instanceof CommandDispatchException
                    || t instanceof MongoSocketException
                    || t instanceof MongoTimeoutException
                    || t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}

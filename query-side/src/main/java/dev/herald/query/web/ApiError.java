package dev.herald.query.web;

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
import java.util.Collection;
import java.util.Map;
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
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The one mapping from a failure to what a client is told: an {@link ErrorCode} (which fixes the HTTP status and
 * the GraphQL classification) and a detail that is safe to show. The REST problem documents, the GraphQL errors and
 * the filter-level answers all come from here, so the same cause gets the same code on every interface. Nothing
 * here ever exposes a stack trace; only a fault of Herald's own is {@link ErrorCode#INTERNAL_ERROR}, and the caller
 * logs it.
 */
public record ApiError(ErrorCode code, String detail) {

    static final String INTERNAL_DETAIL = "an unexpected error occurred; it has been logged";

    /**
     * Axon Server's codes for a message that did not reach or did not come back from its handler: connection to the
     * handler lost, connection failed, no event store leader, command and query dispatch errors.
     */
    private static final Set<String> TRANSPORT_CODES = Set.of(
            "AXONIQ-4001", "AXONIQ-3001", "AXONIQ-2100", "AXONIQ-4003", "AXONIQ-5002");
    private static final int MAX_DEPTH = 10;

    public int status() {
        return code.httpStatus();
    }

    /** Whether the failure is a fault of Herald's own, to be logged with its stack trace. */
    public boolean isInternal() {
        return code == ErrorCode.INTERNAL_ERROR;
    }

    public static ApiError of(Throwable failure) {
        return of(failure, 0);
    }

    private static ApiError of(Throwable failure, int depth) {
        Throwable cause = unwrapped(failure);
        if (cause instanceof HeraldException rejected) {
            return new ApiError(rejected.code(), rejected.getMessage());
        }
        if (cause instanceof HandlerExecutionException execution && execution.getDetails().isPresent()) {
            ApiError rejected = ofDetails(execution.getDetails().get());
            if (rejected != null) {
                return rejected;
            }
        }
        if ((cause instanceof CommandExecutionException || cause instanceof QueryExecutionException)
                && cause.getCause() != null && cause.getCause() != cause && depth < MAX_DEPTH) {
            return of(cause.getCause(), depth + 1);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return new ApiError(ErrorCode.NOT_FOUND, "no such resource: " + notFound.getMessage());
        }
        // Two nodes creating the same aggregate at once (a throttle's first pass, say): the loser's retry finds it.
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
            return new ApiError(ErrorCode.CONCURRENT_MODIFICATION,
                                "another request changed this resource at the same time; retry");
        }
        if (cause instanceof AuthenticationException authentication) {
            return new ApiError(ErrorCode.UNAUTHENTICATED, "valid credentials are required ("
                                                           + authentication.getMessage() + ")");
        }
        if (cause instanceof AccessDeniedException) {
            return new ApiError(ErrorCode.FORBIDDEN, "the credentials are valid but lack the scope this request needs");
        }
        if (cause instanceof DataBufferLimitException) {
            return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than this endpoint accepts");
        }
        if (cause instanceof WebExchangeBindException binding) {
            return new ApiError(ErrorCode.INVALID_REQUEST, binding.getFieldErrors().stream()
                    .map(error -> error.getField() + ": " + error.getDefaultMessage())
                    .collect(Collectors.joining("; ")));
        }
        if (cause instanceof ServerWebInputException input) {
            return new ApiError(ErrorCode.INVALID_REQUEST, describeInput(input));
        }
        if (cause instanceof ErrorResponse response) {
            return ofStatus(response);
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return new ApiError(ErrorCode.INVALID_REQUEST, invalid.getMessage());
        }
        if (found(cause, RejectedExecutionException.class)) {
            return new ApiError(ErrorCode.OVERLOADED, "Herald is at capacity; retry shortly");
        }
        if (cause instanceof TimeoutException) {
            return new ApiError(ErrorCode.TIMEOUT, "the request did not complete in time; it is safe to retry "
                                                   + "with the same Idempotency-Key");
        }
        if (cause instanceof NoHandlerForCommandException || cause instanceof NoHandlerForQueryException) {
            return new ApiError(ErrorCode.UNAVAILABLE, "no node can handle this request right now; retry shortly");
        }
        if (lostInTransport(cause)) {
            return new ApiError(ErrorCode.CONNECTION_LOST, "the node or store handling this request went away before "
                    + "it answered; retry with the same Idempotency-Key, which makes the retry safe");
        }
        return new ApiError(ErrorCode.INTERNAL_ERROR, INTERNAL_DETAIL);
    }

    /** A handler's rejection as it crossed the bus: {@link ErrorDetails}, or their JSON form from another node. */
    private static ApiError ofDetails(Object details) {
        if (details instanceof ErrorDetails error && error.code() != null) {
            return new ApiError(error.code(), error.message());
        }
        if (details instanceof Map<?, ?> map && map.get("code") instanceof String name) {
            for (ErrorCode code : ErrorCode.values()) {
                if (code.name().equals(name)) {
                    return new ApiError(code, String.valueOf(map.get("message")));
                }
            }
        }
        return null;
    }

    /** Spring's own refusals (no route, wrong method or media type, a status a handler chose) by their status. */
    private static ApiError ofStatus(ErrorResponse response) {
        int status = response.getStatusCode().value();
        String detail = response.getBody().getDetail();
        if (detail == null) {
            HttpStatus known = HttpStatus.resolve(status);
            detail = known == null ? "HTTP " + status : known.getReasonPhrase();
        }
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            default -> status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
        return new ApiError(code, code == ErrorCode.INTERNAL_ERROR ? INTERNAL_DETAIL : detail);
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
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
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
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
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

    /** A full command queue surfaces as the executor's refusal, directly or wrapped by the bus that dispatched. */
    private static boolean found(Throwable failure, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}

package dev.herald.query.web;

import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.HeraldException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.axonframework.messaging.HandlerExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * What went wrong, independent of the transport: a kind a client can act on, a stable code and a message that is
 * safe to show. Unknown failures are INTERNAL with a generic message (the cause is logged where it is caught).
 */
record Failures(Kind kind, String code, String message) {

    enum Kind { BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, UNAVAILABLE, INTERNAL }

    static Failures of(Throwable failure) {
        Throwable cause = unwrapped(failure);
        if (cause instanceof ServerWebInputException input) {
            return new Failures(Kind.BAD_REQUEST, "BAD_REQUEST", input.getReason());
        }
        if (cause instanceof ResponseStatusException status) {
            return ofStatus(HttpStatus.resolve(status.getStatusCode().value()), status.getReason());
        }
        if (cause instanceof AuthenticationException) {
            return new Failures(Kind.UNAUTHORIZED, "UNAUTHENTICATED", "a recipient token is required");
        }
        if (cause instanceof HeraldException rejected) {
            return ofCode(rejected.code(), rejected.getMessage());
        }
        if (cause instanceof HandlerExecutionException execution && execution.getDetails().isPresent()) {
            Object details = execution.getDetails().get();
            if (details instanceof ErrorDetails error) {
                return ofCode(error.code(), error.message());
            }
            if (details instanceof Map<?, ?> map && map.get("code") instanceof String code) {
                return ofCode(errorCode(code), String.valueOf(map.get("message")));
            }
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return new Failures(Kind.BAD_REQUEST, "BAD_REQUEST", invalid.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return new Failures(Kind.UNAVAILABLE, "UNAVAILABLE", "no answer in time");
        }
        return new Failures(Kind.INTERNAL, "INTERNAL", "internal error");
    }

    boolean isInternal() {
        return kind == Kind.INTERNAL;
    }

    private static Failures ofStatus(HttpStatus status, String reason) {
        if (status == null) {
            return new Failures(Kind.INTERNAL, "INTERNAL", "internal error");
        }
        String message = reason != null ? reason : status.getReasonPhrase();
        return switch (status) {
            case BAD_REQUEST -> new Failures(Kind.BAD_REQUEST, "BAD_REQUEST", message);
            case UNAUTHORIZED -> new Failures(Kind.UNAUTHORIZED, "UNAUTHENTICATED", message);
            case FORBIDDEN -> new Failures(Kind.FORBIDDEN, "FORBIDDEN", message);
            case NOT_FOUND -> new Failures(Kind.NOT_FOUND, "NOT_FOUND", message);
            case CONFLICT -> new Failures(Kind.CONFLICT, "CONFLICT", message);
            case SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT -> new Failures(Kind.UNAVAILABLE, "UNAVAILABLE", message);
            default -> new Failures(Kind.INTERNAL, "INTERNAL", "internal error");
        };
    }

    private static Failures ofCode(ErrorCode code, String message) {
        if (code == null) {
            return new Failures(Kind.INTERNAL, "INTERNAL", "internal error");
        }
        Kind kind = switch (code.kind()) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case CONFLICT -> Kind.CONFLICT;
            case INVALID, UNPROCESSABLE -> Kind.BAD_REQUEST;
        };
        return new Failures(kind, code.name(), message);
    }

    private static ErrorCode errorCode(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
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

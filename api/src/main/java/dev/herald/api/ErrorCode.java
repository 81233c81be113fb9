package dev.herald.api;

/**
 * Every rule violation the domain reports. The edge maps the {@link Kind} to a status code; the code itself is
 * what a client can rely on (it appears as {@code code} in the problem response).
 */
public enum ErrorCode {
    RECIPIENT_NOT_FOUND(Kind.NOT_FOUND),
    NOTIFICATION_NOT_FOUND(Kind.NOT_FOUND),
    IDEMPOTENCY_KEY_REUSED(Kind.UNPROCESSABLE),
    IDEMPOTENCY_KEY_IN_FLIGHT(Kind.CONFLICT),
    NOTIFICATION_NOT_CANCELLABLE(Kind.CONFLICT),
    CONCURRENT_MODIFICATION(Kind.CONFLICT),
    TEMPLATE_NOT_FOUND(Kind.NOT_FOUND),
    /** A template that cannot be saved: a syntax error (with line and column), a refused tag, a size limit. */
    TEMPLATE_INVALID(Kind.INVALID),
    TEMPLATE_ARCHIVED(Kind.UNPROCESSABLE),
    /** A send's data lacks a variable the template uses; the message names it. */
    TEMPLATE_VARIABLE_MISSING(Kind.UNPROCESSABLE),
    /** Rendering went over a bound: output size, work, or a rendered title longer than a title may be. */
    TEMPLATE_RENDERING_FAILED(Kind.UNPROCESSABLE);

    /** Broad classes of failure, independent of any transport. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNPROCESSABLE }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

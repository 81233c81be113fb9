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
    BROADCAST_NOT_FOUND(Kind.NOT_FOUND),
    /** Another fan-out runner holds the broadcast's lease (or this runner lost it). */
    BROADCAST_CLAIMED(Kind.CONFLICT),
    CONCURRENT_MODIFICATION(Kind.CONFLICT);

    /** Broad classes of failure, independent of any transport. */
    public enum Kind { NOT_FOUND, CONFLICT, UNPROCESSABLE }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

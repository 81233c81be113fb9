package dev.herald.api;

/**
 * Herald's one error vocabulary: every failure any interface reports carries one of these codes, as {@code code} in
 * a REST problem document and as {@code extensions.code} in a GraphQL error. Each code has one HTTP status and one
 * GraphQL classification, so that the same cause gets the same answer over REST, GraphQL and the event stream.
 * A client switches on the code; the status and the classification only group codes for generic handling.
 */
public enum ErrorCode {

    /** The request is malformed or a value breaks a rule; the detail names the field. */
    INVALID_REQUEST(400, Classification.BAD_REQUEST),
    /** No credentials, or credentials that are unknown, revoked or expired. */
    UNAUTHENTICATED(401, Classification.UNAUTHORIZED),
    /** Valid credentials without the scope the request needs. */
    FORBIDDEN(403, Classification.FORBIDDEN),
    /** No such resource (a route, an API key, a projection). */
    NOT_FOUND(404, Classification.NOT_FOUND),
    RECIPIENT_NOT_FOUND(404, Classification.NOT_FOUND),
    /** No notification with this id that the caller may see: unknown and somebody else's look the same. */
    NOTIFICATION_NOT_FOUND(404, Classification.NOT_FOUND),
    /** No broadcast with this id that the caller may see. */
    BROADCAST_NOT_FOUND(404, Classification.NOT_FOUND),
    METHOD_NOT_ALLOWED(405, Classification.BAD_REQUEST),
    /** None of the media types the {@code Accept} header names can be produced. */
    NOT_ACCEPTABLE(406, Classification.BAD_REQUEST),
    /** A request with this {@code Idempotency-Key} is still being handled; retry later. */
    IDEMPOTENCY_KEY_IN_FLIGHT(409, Classification.CONFLICT),
    /** The notification is no longer scheduled, so it cannot be cancelled. */
    NOTIFICATION_NOT_CANCELLABLE(409, Classification.CONFLICT),
    /** Another request changed the same resource at the same time; retry. */
    CONCURRENT_MODIFICATION(409, Classification.CONFLICT),
    /** Another fan-out runner holds the broadcast's lease (or this runner lost it); internal to the fan-out. */
    BROADCAST_CLAIMED(409, Classification.CONFLICT),
    /** The resource is in a state that does not allow the request (a replay already running, for one). */
    CONFLICT(409, Classification.CONFLICT),
    PAYLOAD_TOO_LARGE(413, Classification.BAD_REQUEST),
    UNSUPPORTED_MEDIA_TYPE(415, Classification.BAD_REQUEST),
    /** The {@code Idempotency-Key} was already used by this sender for a different request. */
    IDEMPOTENCY_KEY_REUSED(422, Classification.BAD_REQUEST),
    /** No template with this key (or no such version of it). */
    TEMPLATE_NOT_FOUND(404, Classification.NOT_FOUND),
    /** A template that cannot be saved: a syntax error (with line and column), a refused tag, a size limit. */
    TEMPLATE_INVALID(400, Classification.BAD_REQUEST),
    /** The template is archived; saving it again restores it. */
    TEMPLATE_ARCHIVED(422, Classification.BAD_REQUEST),
    /** A send's data lacks a variable the template uses; the detail names it. */
    TEMPLATE_VARIABLE_MISSING(422, Classification.BAD_REQUEST),
    /** Rendering went over a bound: output size, work, or a rendered title longer than a title may be. */
    TEMPLATE_RENDERING_FAILED(422, Classification.BAD_REQUEST),
    /**
     * The API key sent more requests than its rate limit allows; retry after {@code Retry-After} seconds. Only API-key
     * callers are limited, so GraphQL (recipients) never answers it; its classification is Herald's own.
     */
    RATE_LIMITED(429, Classification.TOO_MANY_REQUESTS),
    /** Herald is at capacity (its command queue is full); retry shortly. */
    OVERLOADED(503, Classification.UNAVAILABLE),
    /** No answer in time; the command may still complete, and a retry with the same Idempotency-Key is safe. */
    TIMEOUT(503, Classification.UNAVAILABLE),
    /** No node can handle the request right now. */
    UNAVAILABLE(503, Classification.UNAVAILABLE),
    /** The node or store handling the request went away before it answered; whether it ran is unknown. */
    CONNECTION_LOST(503, Classification.UNAVAILABLE),
    /** A fault of Herald's own; it has been logged. */
    INTERNAL_ERROR(500, Classification.INTERNAL_ERROR);

    /**
     * The GraphQL error classifications ({@code extensions.classification}): Spring for GraphQL's {@code ErrorType}
     * names, plus CONFLICT, TOO_MANY_REQUESTS and UNAVAILABLE of Herald's own.
     */
    public enum Classification {
        BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, UNAVAILABLE, INTERNAL_ERROR
    }

    private final int httpStatus;
    private final Classification classification;

    ErrorCode(int httpStatus, Classification classification) {
        this.httpStatus = httpStatus;
        this.classification = classification;
    }

    /** The HTTP status of a REST answer with this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The classification of a GraphQL error with this code. */
    public Classification classification() {
        return classification;
    }
}

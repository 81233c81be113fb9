package dev.herald.api;

/**
 * A failure with an {@link ErrorCode}: a rule violation raised by a command handler, or a refusal raised at the
 * edge (a timeout, an unknown notification). One command-bus interceptor turns a handler's into a
 * {@code CommandExecutionException} whose details are the {@link ErrorDetails}, so that the code survives being sent
 * between nodes; the edge answers every one with its code, over REST and GraphQL alike.
 */
public class HeraldException extends RuntimeException {

    private final ErrorCode code;

    public HeraldException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

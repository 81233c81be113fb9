package dev.herald.api;

/**
 * A rule violation raised by a command handler. It carries an {@link ErrorCode}; one command-bus interceptor
 * turns it into a {@code CommandExecutionException} whose details are the {@link ErrorDetails}, so that the
 * code survives being sent between nodes, and the edge maps it to a problem response.
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

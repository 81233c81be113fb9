package dev.herald.query.replay;

/** A replay cannot start now: one is running already, or the processor is not here to reset. */
public class ReplayNotPossibleException extends RuntimeException {

    ReplayNotPossibleException(String message) {
        super(message);
    }
}

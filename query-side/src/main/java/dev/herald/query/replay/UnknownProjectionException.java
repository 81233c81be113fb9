package dev.herald.query.replay;

/** No projection has the name asked for. */
public class UnknownProjectionException extends RuntimeException {

    UnknownProjectionException(String name) {
        super("no projection named " + name);
    }
}

package dev.herald.api;

/**
 * Whether dispatching a command may block the dispatching thread. A local asynchronous command bus only queues the
 * command for its own workers, so a request's thread may dispatch it; a bus that handles commands on the caller's
 * thread, or one that may wait for a connection first (Axon Server's), must be called from a worker thread. Without
 * this bean a module assumes it may block.
 */
public record CommandDispatch(boolean mayBlock) {

    public static final CommandDispatch MAY_BLOCK = new CommandDispatch(true);
}

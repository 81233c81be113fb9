package dev.herald.saga.delivery;

/**
 * Takes delivery attempts off the event processor thread: the saga hands an attempt over and returns at once; a worker
 * later records its start, calls the channel's provider and records the outcome. Queued attempts live in memory only;
 * the saga's watchdog deadline notices an attempt lost in a restart.
 */
public interface DeliveryDispatcher {

    /** Queues the attempt, or returns false when its channel's queue is full. Never blocks. */
    boolean dispatch(DeliveryTask task);
}

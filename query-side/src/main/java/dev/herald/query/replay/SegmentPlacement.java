package dev.herald.query.replay;

import java.time.Duration;

/**
 * Where a processor's segments run. A replay resets every segment's token, which Axon can only do on the node that
 * holds them all; on a cluster the placement hands them to the asking node first and keeps them there until the
 * rebuilt version serves.
 */
public interface SegmentPlacement {

    /** One node: every segment is here, or claimable here, already. */
    SegmentPlacement SINGLE_NODE = new SegmentPlacement() {
        @Override
        public boolean gather(String processor, Duration timeout) {
            return true;
        }

        @Override
        public void release(String processor) {
        }
    };

    /**
     * Asks the other nodes to hand over every segment of the processor and waits until this node holds them.
     *
     * @return false when they did not all arrive in time (the placement stays until {@link #release})
     */
    boolean gather(String processor, Duration timeout);

    /** Lets the processor's segments spread over the nodes again. */
    void release(String processor);
}

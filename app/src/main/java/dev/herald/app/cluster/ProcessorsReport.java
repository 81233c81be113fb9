package dev.herald.app.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The event processors across the cluster as an operator (and the benchmark) sees them.
 *
 * @param node       the node that answered
 * @param nodes      every node with a recent heartbeat; only the answering one on the default profile
 * @param processors each streaming processor: its segment count, which node holds which segments, and its lag
 */
public record ProcessorsReport(String node, List<Node> nodes, List<Processor> processors) {

    /**
     * @param live false once its heartbeat is older than {@code herald.cluster.node-timeout}
     * @param pins processors whose segments it gathers for a replay
     */
    public record Node(String node, Instant lastSeen, boolean live, List<String> pins) {
    }

    /**
     * @param segments how many segments the processor has in the token store
     * @param holders  the segments each live node holds; those in no list are unclaimed right now
     * @param lag      events between the store's head and the slowest segment, over the live nodes; null when
     *                 nobody holds a segment
     */
    public record Processor(String name, int segments, Map<String, List<Integer>> holders, Long lag) {
    }
}

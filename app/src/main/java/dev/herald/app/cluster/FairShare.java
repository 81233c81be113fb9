package dev.herald.app.cluster;

import java.util.Comparator;
import java.util.List;

/**
 * How many segments of one processor a node should hold, given what every live node that runs the processor holds.
 *
 * <p>Spread: with {@code n} segments over {@code k} nodes each node holds {@code n / k}, and {@code n % k} of them
 * one more. Which nodes get the extra one is sticky: those that hold the most already (ties by node id), so that a
 * fair split never moves a segment. Kept together (a replay needs every segment on one node): the node that pinned
 * the processor holds all of them, else the one that holds the most, and the others none.
 *
 * <p>Every node computes the same answer from the same heartbeats, and the targets add up to {@code n}, so a node
 * at its target can refuse further segments without leaving one unclaimed.
 */
final class FairShare {

    /** One live node's standing for a processor. */
    record Load(String node, int held, boolean pinned) {
    }

    private FairShare() {
    }

    static int target(String self, int segments, List<Load> nodes, boolean together) {
        if (nodes.isEmpty() || segments == 0) {
            return segments;
        }
        List<Load> ranked = nodes.stream()
                .sorted(Comparator.comparing((Load load) -> !load.pinned())
                        .thenComparing(Load::held, Comparator.reverseOrder())
                        .thenComparing(Load::node))
                .toList();
        int rank = 0;
        while (rank < ranked.size() && !ranked.get(rank).node().equals(self)) {
            rank++;
        }
        if (together || ranked.get(0).pinned()) {
            return rank == 0 ? segments : 0;
        }
        int base = segments / ranked.size();
        return base + (rank < segments % ranked.size() ? 1 : 0);
    }
}

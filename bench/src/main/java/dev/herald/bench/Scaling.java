package dev.herald.bench;

import dev.herald.bench.SendThroughput.CatchUp;
import dev.herald.bench.SendThroughput.Load;
import dev.herald.bench.SharedMongo.SegmentClaim;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark 7: what a second node adds. On the mongo profile, against one MongoDB that the nodes share
 * ({@link SharedMongo}): the send load of benchmark 1 on one Herald, and the projections' catch-up after it; then,
 * on the emptied database, the same load from the same number of clients split evenly over two Heralds (the same
 * jar and bootstrap key, each with its own data directory and port). Reports the accepted sends/s of both, their
 * ratio, and how each event processor's segments were split between the two nodes at the end of the load, as the
 * shared token store records their claims.
 */
final class Scaling {

    static final String PROFILE = "mongo";

    /**
     * @param segments how each processor's segments were held at the end of the two-node load
     * @param nodePids the two nodes' process ids, which their token claims name
     */
    record Run(Phase oneNode, Phase twoNodes, double ratio, List<Split> segments, List<Long> nodePids) {

        /** Segments held by node 1 or 2, over every processor. */
        int segmentsOn(int node) {
            return segments.stream().mapToInt(split -> node == 1 ? split.node1() : split.node2()).sum();
        }
    }

    /**
     * One phase's send load.
     *
     * @param acceptedByNode by node, the sends it answered 202, warm-up and tail included
     * @param heraldCores    the CPU of every node together during the window
     * @param clientCores    the CPU of this process during the window: the load client, and the MongoDB double
     *                       unless a real MongoDB was given
     * @param catchUp        the projections' catch-up after the load; null where not measured (two nodes)
     */
    record Phase(int nodes, double acceptedPerSecond, LatencySummary latency, long acceptedTotal,
                 long failedInWindow, long failedTotal, Map<String, Long> failures, List<String> failureSamples,
                 List<Long> acceptedByNode, double heraldCores, double clientCores, CatchUp catchUp) {

        static Phase of(Load load, CatchUp catchUp) {
            ClosedLoop.Result result = load.result();
            return new Phase(load.acceptedByNode().size(), result.okPerSecond(), result.latency(),
                             load.acceptedIds().size(), result.failed(), result.failedTotal(), result.failures(),
                             result.samples(), load.acceptedByNode(), result.serverCpu() / result.seconds(),
                             result.clientCpu() / result.seconds(), catchUp);
        }
    }

    /**
     * How one event processor's segments were held.
     *
     * @param unclaimed segments no node held
     * @param unknown   segments held by an owner that is neither node
     */
    record Split(String processor, int segments, int node1, int node2, int unclaimed, int unknown) {
    }

    private Scaling() {
    }

    static Run run(BenchOptions options, Path workDir) {
        try (SharedMongo mongo = SharedMongo.start(options.mongoUri(), workDir.resolve("mongo-java-server.log"))) {
            Progress.log("shared store: %s", mongo.description());
            mongo.drop();
            Phase one = oneNode(options, mongo, workDir.resolve("one-node"));
            mongo.drop();
            return twoNodes(options, mongo, workDir.resolve("two-nodes"), one);
        }
    }

    private static Phase oneNode(BenchOptions options, SharedMongo mongo, Path dir) {
        try (HeraldInstance herald = startNode(options, mongo, dir, 1, HeraldInstance.newAdminKey())) {
            Map<String, String> tokens = SendThroughput.createRecipients(options, herald);
            Load load = SendThroughput.send(options, options.scalingDuration(), List.of(herald));
            return Phase.of(load, SendThroughput.catchUp(herald, tokens, load, options.catchUpTimeout()));
        }
    }

    private static Run twoNodes(BenchOptions options, SharedMongo mongo, Path dir, Phase one) {
        String adminKey = HeraldInstance.newAdminKey();
        List<HeraldInstance> nodes = new ArrayList<>();
        try {
            nodes.add(startNode(options, mongo, dir, 1, adminKey));
            nodes.add(startNode(options, mongo, dir, 2, adminKey));
            SendThroughput.createRecipients(options, nodes.get(0));
            Load load = SendThroughput.send(options, options.scalingDuration(), nodes);
            List<Long> pids = nodes.stream().map(node -> node.process().pid()).toList();
            List<Split> segments = splits(mongo.segmentClaims(), pids.get(0), pids.get(1));
            Phase two = Phase.of(load, null);
            Run run = new Run(one, two, two.acceptedPerSecond() / one.acceptedPerSecond(), segments, pids);
            Progress.log("2 nodes / 1 node: %.2f (%,.0f/s and %,.0f/s); segments at the end: node 1 holds %d, "
                         + "node 2 holds %d (%s)", run.ratio(), two.acceptedPerSecond(), one.acceptedPerSecond(),
                         run.segmentsOn(1), run.segmentsOn(2), describe(segments));
            return run;
        } finally {
            nodes.forEach(HeraldInstance::close);
        }
    }

    /** Node {@code n} of a cluster on the shared store: its data directory and log in {@code dir}. */
    private static HeraldInstance startNode(BenchOptions options, SharedMongo mongo, Path dir, int n,
                                            String adminKey) {
        List<String> settings = new ArrayList<>();
        settings.add("--spring.profiles.active=" + PROFILE);
        settings.addAll(mongo.heraldSettings());
        return HeraldInstance.start(options, dir.resolve("node-" + n + "-data"), adminKey, "node-" + n + ".log", 1,
                                    settings);
    }

    /**
     * Maps each claim's owner ({@code <pid>@<host>-<suffix>}, the node id Herald gives the token store) to node 1
     * or 2 by pid.
     */
    static List<Split> splits(List<SegmentClaim> claims, long node1Pid, long node2Pid) {
        Map<String, List<SegmentClaim>> byProcessor = claims.stream()
                .collect(Collectors.groupingBy(SegmentClaim::processor, LinkedHashMap::new, Collectors.toList()));
        List<Split> splits = new ArrayList<>();
        byProcessor.forEach((processor, segments) -> {
            int node1 = 0;
            int node2 = 0;
            int unclaimed = 0;
            for (SegmentClaim segment : segments) {
                if (segment.owner() == null) {
                    unclaimed++;
                } else if (segment.owner().startsWith(node1Pid + "@")) {
                    node1++;
                } else if (segment.owner().startsWith(node2Pid + "@")) {
                    node2++;
                }
            }
            splits.add(new Split(processor, segments.size(), node1, node2, unclaimed,
                                 segments.size() - node1 - node2 - unclaimed));
        });
        return List.copyOf(splits);
    }

    /** {@code inbox 2/2, status 4/0 (node 1/node 2)}, and the segments nobody or a stranger held, if any. */
    static String describe(List<Split> splits) {
        if (splits.isEmpty()) {
            return "no segments in the token store";
        }
        String held = splits.stream().map(split -> split.processor() + " " + split.node1() + "/" + split.node2())
                .collect(Collectors.joining(", ")) + " (node 1/node 2)";
        int unclaimed = splits.stream().mapToInt(Split::unclaimed).sum();
        int unknown = splits.stream().mapToInt(Split::unknown).sum();
        return held + (unclaimed == 0 ? "" : "; " + unclaimed + " unclaimed")
                + (unknown == 0 ? "" : "; " + unknown + " held by neither node");
    }
}

package dev.herald.app.cluster;

import dev.herald.app.cluster.FairShare.Load;
import dev.herald.app.cluster.NodeHeartbeats.Heartbeat;
import dev.herald.app.cluster.NodeHeartbeats.Holding;
import dev.herald.query.replay.SegmentPlacement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Spreads the event processors' segments over the live nodes of a cluster. Axon's processors claim every segment
 * they can and keep it, so the first node to start would otherwise do all the work. The protocol, run by every node
 * at each heartbeat:
 * <ol>
 *   <li>record in {@value NodeHeartbeats#COLLECTION} that this node is alive and which segments it holds;</li>
 *   <li>read every node's record; a node is live while its last heartbeat is younger than the node timeout;</li>
 *   <li>for each processor, compute this node's share ({@link FairShare}) among the live nodes that run it;</li>
 *   <li>above its share (two heartbeats running, so that a passing view does not move work), release the surplus
 *       with {@link StreamingEventProcessor#releaseSegment}: the processor finishes its batch, stores its token
 *       and gives up the claim, and an under-loaded node claims the segment at its next claim round;</li>
 *   <li>at or above its share, refuse every segment it does not hold, again with {@code releaseSegment} (which also
 *       blocks claiming a segment not held), renewed at each heartbeat; below its share, lift that refusal.</li>
 * </ol>
 * Only nodes below their share claim free segments, and the shares add up to the number of segments, so a released
 * segment goes to the node that lacks one instead of bouncing between nodes.
 *
 * <p>A node that dies stops heartbeating: after the node timeout the others no longer count it, their shares grow,
 * they lift their refusal, and they claim its segments as soon as its claims expire (the token store's claim
 * timeout). A node that stops normally removes its record and releases its claims at once.
 *
 * <p>A replay needs every segment of its processor on one node ({@link SegmentPlacement}): the asking node pins
 * the processor in its record, every other node's share of it becomes zero, and it stays so while the rebuilt
 * version is being filled (then the node holding the most keeps it, should the pinning node die).
 */
public class SegmentBalancer implements SmartLifecycle, SegmentPlacement {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** Heartbeats a node must be over its share before it gives segments away. */
    private static final int SETTLE_HEARTBEATS = 2;
    /** Records of nodes gone longer than this are deleted; until then operators still see them, as not live. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final Duration GATHER_POLL = Duration.ofMillis(100);

    private final NodeId self;
    private final NodeHeartbeats heartbeats;
    private final Supplier<Map<String, StreamingEventProcessor>> processors;
    private final Function<String, int[]> segmentsOf;
    private final Predicate<String> keepTogether;
    private final Function<String, Long> behind;
    private final ClusterProperties properties;
    private final Clock clock;
    private final Set<String> pins = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Integer>> refused = new HashMap<>();
    private final Map<String, Integer> overShare = new HashMap<>();
    private volatile List<Heartbeat> view = List.of();
    private ScheduledExecutorService scheduler;

    /**
     * @param segmentsOf   every segment of a processor, from its token store
     * @param keepTogether processors whose segments must stay on one node now (a replay is filling a new version)
     * @param behind       how many events this node's slowest segment of a processor is behind, or null
     */
    public SegmentBalancer(NodeId self, NodeHeartbeats heartbeats,
                           Supplier<Map<String, StreamingEventProcessor>> processors,
                           Function<String, int[]> segmentsOf,
                           Predicate<String> keepTogether, Function<String, Long> behind,
                           ClusterProperties properties, Clock clock) {
        this.self = self;
        this.heartbeats = heartbeats;
        this.processors = processors;
        this.segmentsOf = segmentsOf;
        this.keepTogether = keepTogether;
        this.behind = behind;
        this.properties = properties;
        this.clock = clock;
    }

    /** One heartbeat: record this node, read the others, move segments towards the fair split. */
    synchronized void heartbeat() {
        Instant now = clock.instant();
        Map<String, StreamingEventProcessor> local = processors.get();
        Map<String, Set<Integer>> held = new HashMap<>();
        List<Holding> holdings = new ArrayList<>();
        local.forEach((name, processor) -> {
            Set<Integer> segments = new TreeSet<>(processor.processingStatus().keySet());
            held.put(name, segments);
            holdings.add(new Holding(name, List.copyOf(segments), behind.apply(name)));
        });
        heartbeats.beat(new Heartbeat(self.value(), now, Set.copyOf(pins), holdings));
        List<Heartbeat> all = heartbeats.all();
        view = all;
        Instant liveAfter = now.minus(properties.nodeTimeout());
        List<Heartbeat> live = all.stream()
                .filter(node -> node.node().equals(self.value()) || node.lastSeen().isAfter(liveAfter))
                .toList();
        local.forEach((name, processor) -> {
            try {
                if (processor.isRunning()) {
                    balance(name, processor, held.get(name), live);
                }
            } catch (RuntimeException e) {
                log.warn("Could not balance {}; its segments stay where they are until the next heartbeat", name, e);
            }
        });
        heartbeats.forgetBefore(now.minus(FORGET_AFTER));
    }

    private void balance(String name, StreamingEventProcessor processor, Set<Integer> mine, List<Heartbeat> live) {
        int[] segments = segmentsOf.apply(name);
        if (segments.length == 0) {
            return;
        }
        List<Load> loads = new ArrayList<>();
        for (Heartbeat node : live) {
            boolean isSelf = node.node().equals(self.value());
            Holding holding = node.holding(name);
            if (isSelf || holding != null) {
                int count = isSelf ? mine.size() : holding.segments().size();
                boolean pinned = isSelf ? pins.contains(name) : node.pins().contains(name);
                loads.add(new Load(node.node(), count, pinned));
            }
        }
        boolean pinnedSomewhere = loads.stream().anyMatch(Load::pinned);
        int share = FairShare.target(self.value(), segments.length, loads, keepTogether.test(name));
        Duration refusal = properties.heartbeat().multipliedBy(3);
        if (mine.size() > share) {
            int heartbeatsOver = overShare.merge(name, 1, Integer::sum);
            if (pinnedSomewhere || heartbeatsOver >= SETTLE_HEARTBEATS) {
                List<Integer> surplus = mine.stream().sorted((a, b) -> b - a).limit(mine.size() - share).toList();
                log.info("Releasing segments {} of {}: this node holds {}, its share of {} segments over {} nodes "
                         + "is {}", surplus, name, mine.size(), segments.length, loads.size(), share);
                surplus.forEach(segment -> processor.releaseSegment(segment, refusal.toMillis(),
                                                                    TimeUnit.MILLISECONDS));
                overShare.remove(name);
            }
        } else {
            overShare.remove(name);
        }
        Set<Integer> refuse = mine.size() >= share
                ? Arrays.stream(segments).boxed().filter(segment -> !mine.contains(segment))
                        .collect(Collectors.toSet())
                : Set.of();
        refuse.forEach(segment -> processor.releaseSegment(segment, refusal.toMillis(), TimeUnit.MILLISECONDS));
        refused.getOrDefault(name, Set.of()).stream()
                .filter(segment -> !refuse.contains(segment) && !mine.contains(segment))
                .forEach(segment -> processor.releaseSegment(segment, 0, TimeUnit.MILLISECONDS));
        refused.put(name, refuse);
    }

    /** The latest records of every node, live or recently gone. */
    List<Heartbeat> view() {
        return view;
    }

    boolean isLive(Heartbeat node) {
        return node.node().equals(self.value())
                || node.lastSeen().isAfter(clock.instant().minus(properties.nodeTimeout()));
    }

    NodeId self() {
        return self;
    }

    @Override
    public boolean gather(String processor, Duration timeout) {
        pins.add(processor);
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.execute(this::safeHeartbeat);
        }
        Instant until = clock.instant().plus(timeout);
        while (clock.instant().isBefore(until)) {
            StreamingEventProcessor local = processors.get().get(processor);
            int segments = segmentsOf.apply(processor).length;
            if (local == null || segments > 0 && local.processingStatus().size() == segments) {
                return true;
            }
            try {
                Thread.sleep(GATHER_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void release(String processor) {
        if (pins.remove(processor)) {
            ScheduledExecutorService running = scheduler;
            if (running != null) {
                running.execute(this::safeHeartbeat);
            }
        }
    }

    private void safeHeartbeat() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            log.warn("Cluster heartbeat failed; segments stay where they are until the next one", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.heartbeat().toMillis();
        scheduler.scheduleWithFixedDelay(this::safeHeartbeat, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Leaves the cluster at once, so that the others take over without waiting for the node timeout. */
    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                heartbeats.remove(self.value());
            } catch (RuntimeException e) {
                log.warn("Could not remove this node's heartbeat; the others will count it gone after {}",
                         properties.nodeTimeout(), e);
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

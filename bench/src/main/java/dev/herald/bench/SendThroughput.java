package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.HttpDriver.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Benchmark 1 (and 6, memory): IN_APP sends from N concurrent clients to recipients picked at random, for a warm-up
 * and a measured window, on a fresh Herald. Then: how long the projections need to show every accepted send (the
 * unread counts of a sample of recipients, and the IN_APP status of the last accepted notifications), Herald's
 * peak RSS and heap after a full GC, and finally a {@code kill -9} after which every notification answered
 * {@code 202} must be in the event store.
 */
final class SendThroughput {

    static final String CATEGORY = "bench";
    static final String UNREAD_COUNT = "/api/v1/me/unread-count";
    private static final int LAST_IDS = 50;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int DELIVERED_GRACE_SECONDS = 30;

    /**
     * @param durable        accepted notifications found in the event store after {@code kill -9}
     */
    record Run(double acceptedPerSecond, LatencySummary latency, long acceptedInWindow, long acceptedTotal,
               long failedInWindow, long failedTotal, Map<String, Long> failures, List<String> failureSamples,
               CatchUp catchUp, long durable, long checked, double clientMicrosPerRequest, double clientCores,
               double heraldCores, double peakRssMib, double heapAfterGcMib) {
    }

    private SendThroughput() {
    }

    static Run run(BenchOptions options, Path workDir) throws InterruptedException {
        Path dataDir = workDir.resolve("data");
        HeraldInstance herald = HeraldInstance.start(options, dataDir, HeraldInstance.newAdminKey(), "herald.log", 1);
        try {
            Map<String, String> tokens = createRecipients(options, herald);
            Load load = send(options, options.duration(), List.of(herald));
            CatchUp catchUp = catchUp(herald, tokens, load, options.catchUpTimeout());
            double peakRss = herald.process().peakRssMib().orElse(Double.NaN);
            double heap = herald.process().heapAfterGcMib().orElse(Double.NaN);

            herald.kill();
            List<String> acceptedIds = load.acceptedIds();
            long durable = countStored(dataDir, acceptedIds);
            Progress.log("after kill -9: %,d of %,d accepted notifications in the event store", durable,
                         acceptedIds.size());
            ClosedLoop.Result result = load.result();
            return new Run(result.okPerSecond(), result.latency(), result.ok(), acceptedIds.size(), result.failed(),
                           result.failedTotal(), result.failures(), result.samples(), catchUp, durable,
                           acceptedIds.size(), result.clientMicrosPerRequest(), result.clientCpu() / result.seconds(),
                           result.serverCpu() / result.seconds(), peakRss, heap);
        } finally {
            herald.close();
        }
    }

    /** Creates the recipients on {@code herald}; answers tokens of an even sample of them, for the catch-up. */
    static Map<String, String> createRecipients(BenchOptions options, HeraldInstance herald) {
        long setup = System.nanoTime();
        herald.createRecipients(options.recipients(), options.clients());
        Progress.log("created %,d recipients in %.1f s", options.recipients(), (System.nanoTime() - setup) / 1e9);
        return herald.recipientTokens(sample(options.recipients(), options.tokenSample()));
    }

    /**
     * What a send load left behind.
     *
     * @param acceptedIds    every notification answered 202, warm-up and tail included
     * @param sentTo         by recipient index, the sends accepted for that recipient
     * @param ended          {@link System#nanoTime()} of the last answer
     * @param acceptedByNode by node, the sends it answered 202, warm-up and tail included
     */
    record Load(ClosedLoop.Result result, List<String> acceptedIds, AtomicIntegerArray sentTo, long ended,
                List<Long> acceptedByNode) {
    }

    /**
     * IN_APP sends to recipients picked at random from {@code options.clients()} clients, for the warm-up and the
     * given measured window. Client {@code c} always sends to node {@code c mod n}, so that the nodes share the
     * clients evenly; their CPU time is summed.
     */
    static Load send(BenchOptions options, Duration window, List<HeraldInstance> nodes) {
        int recipients = options.recipients();
        byte[][] bodies = new byte[recipients][];
        for (int i = 0; i < recipients; i++) {
            bodies[i] = body(HeraldInstance.recipientId(i));
        }
        AtomicIntegerArray sentTo = new AtomicIntegerArray(recipients);
        AtomicLongArray acceptedByNode = new AtomicLongArray(nodes.size());
        Collection<String> accepted = new ConcurrentLinkedQueue<>();
        String admin = nodes.get(0).adminAuthorization();
        Progress.log("sending from %d clients to %d node(s): %d s warm-up, %d s measured", options.clients(),
                     nodes.size(), options.warmup().toSeconds(), window.toSeconds());
        ClosedLoop.Result result = ClosedLoop.run(options.clients(), options.warmup(), window, client -> {
            int node = client % nodes.size();
            int recipient = ThreadLocalRandom.current().nextInt(recipients);
            return nodes.get(node).http().post(HeraldInstance.NOTIFICATIONS, admin, bodies[recipient])
                    .doOnNext(reply -> {
                        if (reply.status() == 202) {
                            sentTo.incrementAndGet(recipient);
                            acceptedByNode.incrementAndGet(node);
                        }
                    });
        }, 202, reply -> accepted.add(idFrom(reply)), nodes.stream().map(HeraldInstance::process).toList());
        long ended = System.nanoTime();
        Progress.log("accepted %,.0f/s in the window (%,d in all), %,d failed; p50 %.2f ms, p99 %.2f ms",
                     result.okPerSecond(), accepted.size(), result.failedTotal(), result.latency().p50(),
                     result.latency().p99());
        List<Long> byNode = new ArrayList<>();
        for (int node = 0; node < nodes.size(); node++) {
            byNode.add(acceptedByNode.get(node));
        }
        return new Load(result, new ArrayList<>(accepted), sentTo, ended, List.copyOf(byNode));
    }

    static byte[] body(String recipientId) {
        return ("{\"recipientId\":\"" + recipientId + "\",\"category\":\"" + CATEGORY + "\",\"priority\":\"NORMAL\","
                + "\"channels\":[\"IN_APP\"],\"title\":\"Your weekly summary is ready\","
                + "\"body\":\"Sent by the Herald benchmark suite to measure send throughput.\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Evenly spread over the recipients, so that every part of the inbox processor's segments is sampled. */
    static List<String> sample(int recipients, int size) {
        int count = Math.min(size, recipients);
        List<String> sample = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sample.add(HeraldInstance.recipientId((int) ((long) i * recipients / count)));
        }
        return sample;
    }

    static String idFrom(Reply reply) {
        String location = reply.location();
        if (location == null) {
            throw new IllegalStateException("202 without Location: " + reply.text());
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static List<String> lastIds(List<String> accepted) {
        return List.copyOf(accepted.subList(Math.max(0, accepted.size() - LAST_IDS), accepted.size()));
    }

    /** Seconds after the last answer; infinite when the time allowed ran out first. */
    record CatchUp(double projections, double inAppDelivered) {
    }

    /** {@link #catchUp(HeraldInstance, Map, AtomicIntegerArray, List, long, Duration)} after a load, logged. */
    static CatchUp catchUp(HeraldInstance herald, Map<String, String> tokens, Load load, Duration timeout) {
        CatchUp catchUp = catchUp(herald, tokens, load.sentTo(), lastIds(load.acceptedIds()), load.ended(), timeout);
        Progress.log("projections caught up %.2f s after the last answer, IN_APP recorded delivered after %.2f s",
                     catchUp.projections(), catchUp.inAppDelivered());
        return catchUp;
    }

    /**
     * Polls until every sampled recipient's unread count includes every send it was accepted for and the status
     * projection knows the last accepted notifications (the projections have caught up), and then until those
     * show IN_APP delivered (the inbox recorded the outcome through a command and the status projection saw it),
     * for at most {@value #DELIVERED_GRACE_SECONDS} s more.
     */
    private static CatchUp catchUp(HeraldInstance herald, Map<String, String> tokens, AtomicIntegerArray sentTo,
                                   List<String> lastIds, long ended, Duration timeout) {
        Set<String> pendingCounts = ConcurrentHashMap.newKeySet();
        pendingCounts.addAll(tokens.keySet());
        Set<String> pendingKnown = ConcurrentHashMap.newKeySet();
        pendingKnown.addAll(lastIds);
        Set<String> pendingDelivered = ConcurrentHashMap.newKeySet();
        pendingDelivered.addAll(lastIds);
        long deadline = ended + timeout.toNanos();
        double projections = Double.POSITIVE_INFINITY;
        double delivered = Double.POSITIVE_INFINITY;
        while (System.nanoTime() < deadline) {
            Flux.fromIterable(List.copyOf(pendingCounts))
                    .flatMap(recipient -> herald.http().get(UNREAD_COUNT, "Bearer " + tokens.get(recipient))
                            .filter(reply -> reply.status() == 200)
                            .map(HeraldInstance::read)
                            .filter(count -> shown(count) >= sentTo.get(indexOf(recipient)))
                            .doOnNext(count -> pendingCounts.remove(recipient))
                            .onErrorResume(error -> Mono.empty()), 8)
                    .then().block(Duration.ofSeconds(60));
            Flux.fromIterable(List.copyOf(pendingDelivered))
                    .flatMap(id -> herald.http().get(HeraldInstance.NOTIFICATIONS + "/" + id,
                                                     herald.adminAuthorization())
                            .filter(reply -> reply.status() == 200)
                            .map(HeraldInstance::read)
                            .doOnNext(status -> pendingKnown.remove(id))
                            .filter(SendThroughput::inAppDelivered)
                            .doOnNext(status -> pendingDelivered.remove(id))
                            .onErrorResume(error -> Mono.empty()), 8)
                    .then().block(Duration.ofSeconds(60));
            long now = System.nanoTime();
            if (Double.isInfinite(projections) && pendingCounts.isEmpty() && pendingKnown.isEmpty()) {
                projections = (now - ended) / 1e9;
                deadline = Math.min(deadline, now + Duration.ofSeconds(DELIVERED_GRACE_SECONDS).toNanos());
            }
            // The status projection may record the deliveries before the inbox shows every count: wait for both.
            if (Double.isInfinite(delivered) && pendingDelivered.isEmpty()) {
                delivered = (now - ended) / 1e9;
            }
            if (!Double.isInfinite(projections) && !Double.isInfinite(delivered)) {
                return new CatchUp(projections, delivered);
            }
            ServerProcess.sleep(POLL_INTERVAL);
        }
        Progress.log("after the time allowed: %d sampled recipients behind, %d of the last notifications unknown to "
                     + "the status projection, %d without IN_APP delivered", pendingCounts.size(), pendingKnown.size(),
                     pendingDelivered.size());
        return new CatchUp(projections, delivered);
    }

    private static long shown(JsonNode unreadCount) {
        return unreadCount.has("total") ? unreadCount.path("total").asLong() : unreadCount.path("unread").asLong();
    }

    private static boolean inAppDelivered(JsonNode status) {
        for (JsonNode channel : status.path("channels")) {
            if ("IN_APP".equals(channel.path("channel").asText())) {
                return "DELIVERED".equals(channel.path("status").asText());
            }
        }
        return false;
    }

    static int indexOf(String recipientId) {
        return Integer.parseInt(recipientId.substring(recipientId.lastIndexOf('-') + 1));
    }

    private static long countStored(Path dataDir, List<String> ids) throws InterruptedException {
        try (BenchEventStore store = BenchEventStore.open(dataDir)) {
            return ids.stream().filter(store::contains).count();
        }
    }
}

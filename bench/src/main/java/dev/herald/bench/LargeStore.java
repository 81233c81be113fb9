package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.HttpDriver.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Benchmarks 3 and 4 and the store's batch and read ceilings, on one large store:
 * <ol>
 *   <li>a fresh Herald registers the recipients over HTTP (so its processors exist and have tokens), then stops;</li>
 *   <li>the notifications are seeded straight into its event store file with the app's own store classes, in
 *       transactions of {@value #SEED_BATCH} (the store's batch append ceiling), and the whole store is read back
 *       the way processors read it (its read ceiling);</li>
 *   <li>every processor's token is moved to the head through Axon's token store, as if Herald had handled the
 *       seeded events live; otherwise its next start would handle a million seeded sends as new ones (recording
 *       each IN_APP delivery with a command), which is not what a rebuild measures;</li>
 *   <li>Herald starts again and every projection is rebuilt, one after the other, through the admin API;</li>
 *   <li>with the rebuilt read models, sequential reads of unread counts and first inbox pages.</li>
 * </ol>
 */
final class LargeStore {

    static final int SEED_BATCH = 1_000;
    static final int PAGE = 20;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    /**
     * @param eventsPerSecond       total / (finishedAt - startedAt), from Herald's own replay record
     * @param clientEventsPerSecond total / the time from the POST until the suite saw it finished
     */
    record Replay(String projection, long total, double seconds, double eventsPerSecond,
                  double clientEventsPerSecond, boolean finished, String error) {
    }

    /**
     * @param replayUnavailable why no projection could be rebuilt, or null
     * @param readsUnavailable  why the reads could not be measured, or null
     */
    record Result(long seeded, double seedSeconds, long read, double readSeconds, double readRowsSeconds,
                  List<String> processorsMoved, String replayUnavailable, List<Replay> replays,
                  String readsUnavailable, SequentialReads.Result unreadCount, SequentialReads.Result inboxPage) {

        double appendPerSecond() {
            return seeded / seedSeconds;
        }

        double readPerSecond() {
            return read / readSeconds;
        }

        double readRowsPerSecond() {
            return read / readRowsSeconds;
        }
    }

    private LargeStore() {
    }

    static Result run(BenchOptions options, Path workDir) throws InterruptedException {
        Path dataDir = workDir.resolve("data");
        String adminKey = HeraldInstance.newAdminKey();
        int recipients = options.recipients();
        List<String> sample = SendThroughput.sample(recipients, options.tokenSample());
        Map<String, String> tokens;
        HeraldInstance.Availability<JsonNode> projections;
        try (HeraldInstance herald = HeraldInstance.start(options, dataDir, adminKey, "herald-setup.log", 1)) {
            herald.createRecipients(recipients, options.clients());
            tokens = herald.recipientTokens(sample);
            projections = awaitClaimed(herald);
            herald.stop();
        }

        long events = options.events();
        Progress.log("seeding %,d notifications over %,d recipients into %s", events, recipients, dataDir);
        long seeded;
        double seedSeconds;
        long read;
        double readSeconds;
        double readRowsSeconds;
        TrackingToken head;
        try (BenchEventStore store = BenchEventStore.open(dataDir)) {
            long started = System.nanoTime();
            seeded = store.appendInBatches(SeedEvents.notifications(events, recipients), SEED_BATCH);
            seedSeconds = (System.nanoTime() - started) / 1e9;
            Progress.log("seeded %,d events in %.1f s (%,.0f/s)", seeded, seedSeconds, seeded / seedSeconds);
            started = System.nanoTime();
            read = store.readAll(true);
            readSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            long rows = store.readAll(false);
            readRowsSeconds = (System.nanoTime() - started) / 1e9;
            Progress.log("read %,d events in %.1f s (%,.0f/s), without payloads %,d in %.1f s (%,.0f/s)", read,
                         readSeconds, read / readSeconds, rows, readRowsSeconds, rows / readRowsSeconds);
            head = store.headToken();
        }
        if (!projections.available()) {
            String reason = projections.reason();
            return new Result(seeded, seedSeconds, read, readSeconds, readRowsSeconds, List.of(), reason, List.of(),
                              "the read models are built from the seeded events by the replay, which is "
                              + "unavailable: " + reason, null, null);
        }
        List<String> moved = new ArrayList<>(ProcessorPositions.moveReadModelProcessorsTo(dataDir, head));
        moved.addAll(ProcessorPositions.moveDeliveryProcessorTo(dataDir, head));
        Progress.log("processors moved to the head: %s", moved);
        for (JsonNode projection : projections.value()) {
            String name = projection.path("name").asText();
            if (moved.stream().noneMatch(processor -> processor.startsWith(name + "["))) {
                return new Result(seeded, seedSeconds, read, readSeconds, readRowsSeconds, moved,
                                  "the " + name + " processor had no tokens to move", List.of(),
                                  "no replay", null, null);
            }
        }

        try (HeraldInstance herald = HeraldInstance.start(options, dataDir, adminKey, "herald.log", 1)) {
            List<Replay> replays = new ArrayList<>();
            for (JsonNode projection : projections.value()) {
                replays.add(replay(herald, projection.path("name").asText(), options.replayTimeout()));
            }
            boolean inboxRebuilt = replays.stream().anyMatch(replay -> replay.projection().equals("inbox")
                    && replay.finished());
            if (!inboxRebuilt) {
                return new Result(seeded, seedSeconds, read, readSeconds, readRowsSeconds, moved, null, replays,
                                  "the inbox projection was not rebuilt from the seeded events", null, null);
            }
            List<String> recipientsRead = new ArrayList<>(tokens.keySet());
            int warmup = BareCeiling.warmupReads(options);
            SequentialReads.Result unread = SequentialReads.measure(herald.http(), warmup, options.readRequests(),
                    i -> {
                        String recipient = recipientsRead.get(i % recipientsRead.size());
                        long expected = SeedEvents.sentTo(SendThroughput.indexOf(recipient), events, recipients);
                        return new SequentialReads.Request(SendThroughput.UNREAD_COUNT,
                                "Bearer " + tokens.get(recipient),
                                reply -> HeraldInstance.read(reply).path("unread").asLong() == expected);
                    });
            Progress.log("unread count: p50 %.3f ms, p99 %.3f ms, %d failed", unread.latency().p50(),
                         unread.latency().p99(), unread.failed());
            SequentialReads.Result page = SequentialReads.measure(herald.http(), warmup, options.readRequests(),
                    i -> {
                        String recipient = recipientsRead.get(i % recipientsRead.size());
                        long expected = Math.min(PAGE, SeedEvents.sentTo(SendThroughput.indexOf(recipient), events,
                                                                         recipients));
                        return new SequentialReads.Request("/api/v1/me/notifications?limit=" + PAGE,
                                "Bearer " + tokens.get(recipient),
                                reply -> HeraldInstance.read(reply).path("items").size() == expected);
                    });
            Progress.log("first inbox page: p50 %.3f ms, p99 %.3f ms, %d failed", page.latency().p50(),
                         page.latency().p99(), page.failed());
            return new Result(seeded, seedSeconds, read, readSeconds, readRowsSeconds, moved, null, replays, null,
                              unread, page);
        }
    }

    /**
     * The projections, once each has claimed its segments: then every processor has its tokens, which the seeding
     * moves to the head.
     */
    private static HeraldInstance.Availability<JsonNode> awaitClaimed(HeraldInstance herald) {
        long deadline = System.nanoTime() + CLAIM_TIMEOUT.toNanos();
        HeraldInstance.Availability<JsonNode> projections = herald.projections();
        while (projections.available() && System.nanoTime() < deadline) {
            boolean claimed = true;
            for (JsonNode projection : projections.value()) {
                claimed &= projection.path("segments").asInt() > 0;
            }
            if (claimed) {
                return projections;
            }
            ServerProcess.sleep(POLL);
            projections = herald.projections();
        }
        return projections;
    }

    private static Replay replay(HeraldInstance herald, String name, Duration timeout) {
        String path = HeraldInstance.PROJECTIONS + "/" + name;
        long posted = System.nanoTime();
        Reply started = herald.call(herald.http().post(path + "/replay", herald.adminAuthorization(), new byte[0]));
        if (started.status() != 202 && started.status() != 200) {
            String error = "POST " + path + "/replay answered " + started.status() + ": "
                    + HttpDriver.abbreviate(started.text(), 200);
            Progress.log("replay of %s: %s", name, error);
            return new Replay(name, 0, Double.NaN, Double.NaN, Double.NaN, false, error);
        }
        Progress.log("replaying %s", name);
        long deadline = posted + timeout.toNanos();
        long nextProgress = posted + PROGRESS_EVERY.toNanos();
        JsonNode report = HeraldInstance.read(started);
        while (System.nanoTime() < deadline) {
            Reply reply = herald.call(herald.http().get(path, herald.adminAuthorization()));
            if (reply.status() == 200) {
                report = HeraldInstance.read(reply);
                JsonNode replay = report.path("replay");
                if ("LIVE".equals(report.path("status").asText()) && !replay.path("finishedAt").isMissingNode()
                        && !replay.path("finishedAt").isNull()) {
                    double clientSeconds = (System.nanoTime() - posted) / 1e9;
                    long total = replay.path("total").asLong();
                    double seconds = Duration.between(Instant.parse(replay.path("startedAt").asText()),
                                                      Instant.parse(replay.path("finishedAt").asText()))
                            .toMillis() / 1000.0;
                    Progress.log("replay of %s: %,d events in %.1f s (%,.0f/s)", name, total, seconds,
                                 total / seconds);
                    return new Replay(name, total, seconds, total / seconds, total / clientSeconds, true, null);
                }
                if (System.nanoTime() > nextProgress) {
                    nextProgress += PROGRESS_EVERY.toNanos();
                    Progress.log("replay of %s: %,d of %,d events, %,.0f/s, eta %s%s", name,
                                 replay.path("processed").asLong(), replay.path("total").asLong(),
                                 replay.path("eventsPerSecond").asDouble(), replay.path("eta").asText("?"),
                                 report.path("error").isTextual() ? ", error: " + report.path("error").asText() : "");
                }
            }
            ServerProcess.sleep(POLL);
        }
        JsonNode replay = report.path("replay");
        double seconds = (System.nanoTime() - posted) / 1e9;
        long processed = replay.path("processed").asLong();
        String error = "not finished after " + timeout.toSeconds() + " s: " + processed + " of "
                + replay.path("total").asLong() + " events";
        Progress.log("replay of %s %s", name, error);
        return new Replay(name, replay.path("total").asLong(), seconds, processed / seconds, processed / seconds,
                          false, error);
    }
}

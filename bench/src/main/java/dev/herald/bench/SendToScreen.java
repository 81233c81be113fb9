package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.HttpDriver.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;

/**
 * Send-to-screen latency (benchmark 2): sends leave at a fixed rate whatever the answers do (open loop, so a slow
 * server cannot slow the offered load down), spread round-robin over recipients that each have an open event
 * stream, and each send is timed from its scheduled moment to the arrival of the {@code notification} event that
 * carries it (matched by a sequence number in its title). A send that is refused, fails, or never shows up counts
 * as never arriving, so it weighs on p99 instead of vanishing from it.
 */
final class SendToScreen {

    static final String TITLE_PREFIX = "latency ";
    static final String STREAM = "/api/v1/me/stream";
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final long NOT_YET = 0;
    private static final int MISSING_EXAMPLES = 10;

    /** A recipient and the path of its event stream. */
    record Stream(String recipientId, String path) {
    }

    /**
     * @param unavailable why the benchmark could not run, or null
     * @param screen      scheduled send to arrival on the stream, measured window only
     * @param post        the POST's own answer time, accepted sends of the window
     * @param skipped     sends not made because too many were already waiting for an answer
     * @param eventsSeen  the event names the streams delivered
     * @param acceptedNeverShown the first few sends answered 202 whose event never arrived
     */
    record Run(String unavailable, LatencySummary screen, LatencySummary post, long scheduled, long accepted,
               long arrived, long skipped, long failed, Map<String, Long> failures, List<String> failureSamples,
               int streams, Set<String> eventsSeen, List<String> acceptedNeverShown) {

        static Run unavailable(String reason) {
            return new Run(reason, LatencySummary.EMPTY, LatencySummary.EMPTY, 0, 0, 0, 0, 0, Map.of(), List.of(),
                           0, Set.of(), List.of());
        }
    }

    private SendToScreen() {
    }

    /** On a fresh Herald: recipients with a token each, one stream per recipient, sends to them. */
    static Run onHerald(BenchOptions options, Path workDir) {
        HeraldInstance herald = HeraldInstance.start(options, workDir.resolve("data"), HeraldInstance.newAdminKey(),
                                                     "herald.log", options.sseRecipients());
        try {
            herald.createRecipients(options.sseRecipients(), options.clients());
            List<String> recipients = SendThroughput.sample(options.sseRecipients(), options.sseRecipients());
            List<Stream> streams = new ArrayList<>();
            herald.recipientTokens(recipients).forEach((recipient, token) -> streams.add(
                    new Stream(recipient, STREAM + "?access_token=" + token)));
            Run run = measure(herald.http(), streams, HeraldInstance.NOTIFICATIONS, herald.adminAuthorization(),
                              options.latencyRate(), options.warmup(), options.latencyDuration(),
                              options.catchUpTimeout());
            if (run.unavailable() == null) {
                if (!run.acceptedNeverShown().isEmpty()) {
                    Progress.log("accepted but never shown, e.g. %s", run.acceptedNeverShown());
                }
                Progress.log("send-to-screen at %,d/s: p50 %.2f ms, p99 %.2f ms (%,d of %,d arrived, %,d failed, "
                             + "%,d skipped)", options.latencyRate(), run.screen().p50(), run.screen().p99(),
                             run.arrived(), run.scheduled(), run.failed(), run.skipped());
            } else {
                Progress.log("send-to-screen unavailable: %s", run.unavailable());
            }
            return run;
        } finally {
            herald.close();
        }
    }

    /**
     * @param arrivalGrace how long after the last answer to a send the suite still waits for events it has not seen
     */
    static Run measure(HttpDriver http, List<Stream> streams, String sendPath, String authorization, int rate,
                       Duration warmup, Duration window, Duration arrivalGrace) {
        int total = (int) ((warmup.toNanos() + window.toNanos()) * rate / 1_000_000_000L);
        int firstMeasured = (int) (warmup.toNanos() * rate / 1_000_000_000L);
        AtomicLongArray arrivals = new AtomicLongArray(total);
        Set<String> eventsSeen = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> streamFailure = new AtomicReference<>();
        CountDownLatch open = new CountDownLatch(streams.size());
        List<Disposable> subscriptions = new ArrayList<>();
        for (Stream stream : streams) {
            SseParser parser = new SseParser();
            subscriptions.add(http.stream(stream.path(), open::countDown).subscribe(chunk -> {
                long now = System.nanoTime();
                for (SseParser.Event event : parser.feed(chunk)) {
                    eventsSeen.add(event.event());
                    if (event.event().equals("notification")) {
                        int seq = sequenceOf(event.data());
                        if (seq >= 0 && seq < total) {
                            arrivals.compareAndSet(seq, NOT_YET, now);
                        }
                    }
                }
            }, failure -> {
                streamFailure.compareAndSet(null, failure);
                open.countDown();
            }, () -> streamFailure.compareAndSet(null, new IllegalStateException(
                    "the server ended the stream of " + stream.recipientId()))));
        }
        try {
            if (!open.await(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Run.unavailable("the event streams did not open within " + OPEN_TIMEOUT.toSeconds() + " s");
            }
            if (streamFailure.get() != null) {
                return Run.unavailable(String.valueOf(streamFailure.get().getMessage()));
            }
            return sendAndWait(http, streams, sendPath, authorization, rate, total, firstMeasured, arrivals,
                               eventsSeen, streamFailure, arrivalGrace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            subscriptions.forEach(Disposable::dispose);
        }
    }

    private static Run sendAndWait(HttpDriver http, List<Stream> streams, String sendPath, String authorization,
                                   int rate, int total, int firstMeasured, AtomicLongArray arrivals,
                                   Set<String> eventsSeen, AtomicReference<Throwable> streamFailure,
                                   Duration arrivalGrace) {
        long[] scheduled = new long[total];
        AtomicReferenceArray<Boolean> accepted = new AtomicReferenceArray<>(total);
        LatencyRecorder post = new LatencyRecorder();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
        Map<String, Long> failures = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        int maxInFlight = Math.max(100, rate * 2);
        long skipped = 0;
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        for (int seq = 0; seq < total; seq++) {
            long at = start + seq * period;
            scheduled[seq] = at;
            for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                skipped += seq >= firstMeasured ? 1 : 0;
                continue;
            }
            Stream stream = streams.get(seq % streams.size());
            byte[] body = ("{\"recipientId\":\"" + stream.recipientId() + "\",\"category\":\""
                    + SendThroughput.CATEGORY + "\",\"channels\":[\"IN_APP\"],\"title\":\"" + TITLE_PREFIX + seq
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            int sent = seq;
            inFlight.incrementAndGet();
            http.post(sendPath, authorization, body).subscribe(reply -> {
                long now = System.nanoTime();
                lastAnswer.set(now);
                if (reply.status() == 202) {
                    accepted.set(sent, true);
                    if (sent >= firstMeasured) {
                        post.record(now - at);
                    }
                } else {
                    failed(sent >= firstMeasured, failed, failures, samples, "HTTP " + reply.status(), reply);
                }
                inFlight.decrementAndGet();
            }, error -> {
                lastAnswer.set(System.nanoTime());
                failed(sent >= firstMeasured, failed, failures, samples, error.getClass().getSimpleName(), null);
                inFlight.decrementAndGet();
            });
        }
        long sendingEnded = System.nanoTime();
        while (inFlight.get() > 0 && System.nanoTime() - sendingEnded < Duration.ofMinutes(2).toNanos()) {
            ServerProcess.sleep(Duration.ofMillis(20));
        }
        while (!allArrived(accepted, arrivals, firstMeasured, total)
                && System.nanoTime() - lastAnswer.get() < arrivalGrace.toNanos() && streamFailure.get() == null) {
            ServerProcess.sleep(Duration.ofMillis(20));
        }
        LatencyRecorder screen = new LatencyRecorder();
        long acceptedCount = 0;
        long arrived = 0;
        List<String> missing = new ArrayList<>();
        for (int seq = firstMeasured; seq < total; seq++) {
            boolean wasAccepted = Boolean.TRUE.equals(accepted.get(seq));
            long arrival = arrivals.get(seq);
            acceptedCount += wasAccepted ? 1 : 0;
            arrived += arrival != NOT_YET ? 1 : 0;
            screen.record(wasAccepted && arrival != NOT_YET ? Math.max(0, arrival - scheduled[seq])
                                  : LatencyRecorder.NEVER);
            if (wasAccepted && arrival == NOT_YET && missing.size() < MISSING_EXAMPLES) {
                missing.add(TITLE_PREFIX + seq + " to " + streams.get(seq % streams.size()).recipientId());
            }
        }
        return new Run(streamFailure.get() == null ? null : "a stream failed: " + streamFailure.get(),
                       screen.summary(), post.summary(), total - firstMeasured, acceptedCount, arrived, skipped,
                       failed.get(), Map.copyOf(failures), List.copyOf(samples), streams.size(),
                       Set.copyOf(eventsSeen), List.copyOf(missing));
    }

    private static boolean allArrived(AtomicReferenceArray<Boolean> accepted, AtomicLongArray arrivals, int from,
                                      int to) {
        for (int seq = from; seq < to; seq++) {
            if (Boolean.TRUE.equals(accepted.get(seq)) && arrivals.get(seq) == NOT_YET) {
                return false;
            }
        }
        return true;
    }

    private static void failed(boolean measured, AtomicLong failed, Map<String, Long> failures, List<String> samples,
                               String kind, Reply reply) {
        if (measured) {
            failed.incrementAndGet();
        }
        synchronized (failures) {
            failures.merge(kind, 1L, Long::sum);
            if (samples.size() < 3 && reply != null) {
                samples.add(reply.status() + " " + HttpDriver.abbreviate(reply.text(), 200));
            }
        }
    }

    /** The sequence number in a notification event's title, or -1 when it is not one of ours. */
    static int sequenceOf(String itemJson) {
        try {
            JsonNode item = HeraldInstance.JSON.readTree(itemJson);
            String title = item.path("title").asText("");
            return title.startsWith(TITLE_PREFIX) ? Integer.parseInt(title.substring(TITLE_PREFIX.length())) : -1;
        } catch (Exception notOurs) {
            return -1;
        }
    }
}

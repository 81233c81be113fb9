package dev.herald.bench;

import dev.herald.bench.HttpDriver.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Read latency as one user sees it: one request at a time, each sent when the previous answer has arrived, after a
 * warm-up that is not counted. An answer that is not 200 or not what the data says it must be counts as a failure
 * and stays out of the latencies.
 */
final class SequentialReads {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What to ask (a path and its {@code Authorization} header), and what a right answer's body is like. */
    record Request(String path, String authorization, Predicate<Reply> valid) {
    }

    record Result(LatencySummary latency, long failed, List<String> failureSamples) {
    }

    private SequentialReads() {
    }

    static Result measure(HttpDriver http, int warmup, int count, IntFunction<Request> request) {
        LatencyRecorder latency = new LatencyRecorder();
        long failed = 0;
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < warmup + count; i++) {
            Request next = request.apply(i);
            long sent = System.nanoTime();
            Reply reply;
            try {
                reply = http.get(next.path(), next.authorization()).block(TIMEOUT);
            } catch (RuntimeException e) {
                reply = null;
                if (samples.size() < 3) {
                    samples.add(String.valueOf(e));
                }
            }
            long answered = System.nanoTime();
            if (i < warmup) {
                continue;
            }
            if (reply != null && reply.status() == 200 && next.valid().test(reply)) {
                latency.record(answered - sent);
            } else {
                failed++;
                if (reply != null && samples.size() < 3) {
                    samples.add(next.path() + " -> " + reply.status() + " " + HttpDriver.abbreviate(reply.text(), 200));
                }
            }
        }
        return new Result(latency.summary(), failed, List.copyOf(samples));
    }
}

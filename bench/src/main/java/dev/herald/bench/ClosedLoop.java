package dev.herald.bench;

import dev.herald.bench.HttpDriver.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * N clients that each send a request, wait for its answer and send the next, for a warm-up and then a measured
 * window. A request counts in the window when its answer arrives inside it. Every answer (warm-up and the requests
 * still in flight at the end included) goes to the listener, so that a caller can keep every accepted id. The CPU
 * time of this process (the client) and of the server are sampled at the edges of the window, so that the client's
 * own cost is a figure too. Several servers (nodes of one cluster) count as one: their CPU time is summed.
 */
final class ClosedLoop {

    private static final int SAMPLES = 5;

    /**
     * @param seconds      the measured window
     * @param ok           answers with the expected status in the window
     * @param failed       other answers and errors in the window
     * @param failedTotal  other answers and errors, warm-up and tail included
     * @param failures     failures by kind (status or exception), whole run
     * @param samples      the first few distinct failures, whole run
     * @param clientCpu    CPU seconds this process used during the window
     * @param serverCpu    CPU seconds the servers used during the window
     */
    record Result(double seconds, long ok, long failed, long failedTotal, LatencySummary latency,
                  Map<String, Long> failures, List<String> samples, double clientCpu, double serverCpu) {

        double okPerSecond() {
            return ok / seconds;
        }

        /** Client CPU microseconds per answered request. */
        double clientMicrosPerRequest() {
            return ok + failed == 0 ? Double.NaN : clientCpu * 1e6 / (ok + failed);
        }
    }

    private ClosedLoop() {
    }

    static Result run(int clients, Duration warmup, Duration window, Supplier<Mono<Reply>> request,
                      int expectedStatus, Consumer<Reply> onExpected, ServerProcess server) {
        return run(clients, warmup, window, client -> request.get(), expectedStatus, onExpected,
                   server == null ? List.of() : List.of(server));
    }

    /** @param request the next request of the given client (0..clients-1), so that a client can keep to a node */
    static Result run(int clients, Duration warmup, Duration window, IntFunction<Mono<Reply>> request,
                      int expectedStatus, Consumer<Reply> onExpected, Collection<ServerProcess> servers) {
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong failedTotal = new AtomicLong();
        Map<String, Long> failures = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        double[] clientCpu = new double[2];
        double[] serverCpu = new double[2];
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-cpu-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.schedule(() -> sampleCpu(clientCpu, serverCpu, 0, servers), warmup.toNanos(), TimeUnit.NANOSECONDS);
        sampler.schedule(() -> sampleCpu(clientCpu, serverCpu, 1, servers), warmup.plus(window).toNanos(),
                         TimeUnit.NANOSECONDS);
        try {
            Flux.range(0, clients)
                    .flatMap(client -> Mono.defer(() -> {
                        long sent = System.nanoTime();
                        return request.apply(client)
                                .doOnNext(reply -> {
                                    long answered = System.nanoTime();
                                    boolean inWindow = answered >= windowStart && answered < windowEnd;
                                    if (reply.status() == expectedStatus) {
                                        onExpected.accept(reply);
                                        if (inWindow) {
                                            ok.incrementAndGet();
                                            latency.record(answered - sent);
                                        }
                                    } else {
                                        fail(inWindow, "HTTP " + reply.status(),
                                             reply.status() + " " + HttpDriver.abbreviate(reply.text(), 300),
                                             failed, failedTotal, failures, samples);
                                    }
                                })
                                .onErrorResume(error -> {
                                    long answered = System.nanoTime();
                                    fail(answered >= windowStart && answered < windowEnd,
                                         error.getClass().getSimpleName(), String.valueOf(error),
                                         failed, failedTotal, failures, samples);
                                    return Mono.empty();
                                });
                    }).repeat(() -> System.nanoTime() < windowEnd), clients)
                    .then()
                    .block(warmup.plus(window).plus(Duration.ofMinutes(3)));
            awaitSamples(sampler);
        } finally {
            sampler.shutdownNow();
        }
        return new Result(window.toNanos() / 1e9, ok.get(), failed.get(), failedTotal.get(), latency.summary(),
                          Map.copyOf(failures), List.copyOf(samples), clientCpu[1] - clientCpu[0],
                          serverCpu[1] - serverCpu[0]);
    }

    private static void sampleCpu(double[] client, double[] server, int index, Collection<ServerProcess> processes) {
        client[index] = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        server[index] = processes.stream().mapToDouble(process -> process.cpuTime().toNanos() / 1e9).sum();
    }

    private static void awaitSamples(ScheduledExecutorService sampler) {
        sampler.shutdown();
        try {
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(boolean inWindow, String kind, String sample, AtomicLong failed, AtomicLong failedTotal,
                             Map<String, Long> failures, List<String> samples) {
        failedTotal.incrementAndGet();
        if (inWindow) {
            failed.incrementAndGet();
        }
        synchronized (failures) {
            failures.merge(kind, 1L, Long::sum);
            if (samples.size() < SAMPLES && samples.stream().noneMatch(sample::equals)) {
                samples.add(sample);
            }
        }
    }
}

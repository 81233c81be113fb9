package dev.herald.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Herald's benchmark suite: {@code ./mvnw -q -pl bench -am package -DskipTests && java -jar
 * bench/target/herald-bench.jar [--quick]} (see {@link BenchOptions#USAGE} for the flags). Each benchmark starts
 * its own Herald on a fresh data directory, drives it over HTTP from this process, and reports the median of its
 * runs next to the ceilings measured in the same invocation and its target: a table on stdout, the figures and
 * every run's details in a JSON file, progress on stderr.
 */
public final class HeraldBench {

    private static final String THROUGHPUT = "1 send throughput";
    private static final String SCREEN = "2 send-to-screen";
    private static final String REPLAY = "3 replay";
    private static final String READS = "4 reads, large store";
    private static final String CEILINGS = "5 ceilings";
    private static final String MEMORY = "6 memory";
    private static final String SCALING = "7 scaling (mongo)";

    private final BenchOptions requested;
    private final String[] args;
    private BenchOptions options;
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final List<BareCeiling.Run> bare = new ArrayList<>();
    private final List<SendThroughput.Run> throughput = new ArrayList<>();
    private final List<SendToScreen.Run> screen = new ArrayList<>();
    private final List<StoreCeilings.AppendRun> appends = new ArrayList<>();
    private final List<Scaling.Run> scaling = new ArrayList<>();
    private LargeStore.Result large;

    private HeraldBench(BenchOptions options, String[] args) {
        this.requested = options;
        this.options = options;
        this.args = args.clone();
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(BareWebFluxServer.MODE)) {
            BareWebFluxServer.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (BenchOptions.wantsHelp(args)) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new HeraldBench(options, args).run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // Reactor's and the servers' threads must not keep the suite alive.
        System.exit(status);
    }

    private int run() throws IOException, InterruptedException {
        boolean needsHerald = Stream.of("throughput", "latency", "large", "scaling").anyMatch(requested::runs);
        if (needsHerald && !Files.isRegularFile(requested.heraldJar())) {
            System.err.println("No Herald to run at " + requested.heraldJar() + "; build it first: "
                    + "./mvnw -q -pl bench -am package -DskipTests (or pass --herald-jar=PATH)");
            return 2;
        }
        Instant started = Instant.now();
        Machine machine = Machine.read();
        Progress.log("machine: %d cores (%s), %.1f GiB, load %s; Herald %s", machine.cores(), machine.cpuModel(),
                     machine.memoryGib(), machine.loadAverage(), requested.heraldJar());
        Path work = Files.createTempDirectory("herald-bench-");
        try {
            if (needsHerald) {
                // A build of the app during a long run would replace the jar under the running Herald.
                options = requested.withHeraldJar(Files.copy(requested.heraldJar(), work.resolve("herald-exec.jar")));
            }
            runBenchmarks(work);
        } finally {
            if (!options.keepData()) {
                deleteTree(work);
            }
        }
        Report report = new Report(figures());
        System.out.println();
        System.out.printf("Herald benchmarks, %s: %d cores (%s), %.1f GiB RAM, load average %s at start and %s at "
                          + "the end; medians of %d run(s), the large store once%n", started, machine.cores(),
                          machine.cpuModel(), machine.memoryGib(), machine.loadAverage(),
                          Machine.currentLoadAverage(), options.runs());
        report.print(System.out);
        failures.forEach((benchmark, failure) -> System.out.println("FAILED " + benchmark + ": " + failure));
        report.write(options.out(), context(started, machine, work));
        System.out.println("JSON: " + options.out() + (options.keepData() ? "; data and logs kept in " + work : ""));
        return 0;
    }

    private void runBenchmarks(Path work) throws InterruptedException {
        if (options.runs("ceilings")) {
            for (int run = 1; run <= options.runs(); run++) {
                Progress.log("bare WebFlux ceiling, run %d of %d", run, options.runs());
                Path dir = work.resolve("bare-" + run);
                attempt("bare WebFlux ceiling", () -> bare.add(BareCeiling.run(options, dir)));
            }
        }
        if (options.runs("throughput")) {
            for (int run = 1; run <= options.runs(); run++) {
                Progress.log("send throughput, run %d of %d", run, options.runs());
                Path dir = work.resolve("throughput-" + run);
                attempt(THROUGHPUT, () -> throughput.add(SendThroughput.run(options, dir)));
            }
        }
        if (options.runs("latency")) {
            for (int run = 1; run <= options.runs(); run++) {
                Progress.log("send-to-screen latency, run %d of %d", run, options.runs());
                Path dir = work.resolve("latency-" + run);
                attempt(SCREEN, () -> screen.add(SendToScreen.onHerald(options, dir)));
            }
        }
        if (options.runs("ceilings")) {
            int count = (int) Math.max(1_000, Stats.median(
                    throughput.stream().map(run -> (double) run.acceptedInWindow()).toList()));
            if (throughput.isEmpty()) {
                count = options.quick() ? 20_000 : 100_000;
            }
            for (int run = 1; run <= options.runs(); run++) {
                int events = count;
                Progress.log("store appends like commands (%,d events, %d callers), run %d of %d", events,
                             options.clients(), run, options.runs());
                Path dir = work.resolve("append-" + run).resolve("data");
                attempt("store append ceiling", () -> appends.add(
                        StoreCeilings.appendLikeCommands(dir, events, options.clients())));
                Progress.log("%,.0f appends/s", appends.isEmpty() ? Double.NaN
                        : appends.get(appends.size() - 1).perSecond());
            }
        }
        if (options.runs("large")) {
            Progress.log("large store: %,d events", options.events());
            attempt("large store", () -> large = LargeStore.run(options, work.resolve("large")));
        }
        if (options.runs("scaling")) {
            for (int run = 1; run <= options.runs(); run++) {
                Progress.log("scaling on the %s profile: one node, then two, run %d of %d", Scaling.PROFILE, run,
                             options.runs());
                Path dir = work.resolve("scaling-" + run);
                attempt(SCALING, () -> scaling.add(Scaling.run(options, dir)));
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** One benchmark's failure is reported, and the others still run. */
    private void attempt(String benchmark, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            Progress.log("%s failed: %s", benchmark, e);
            e.printStackTrace();
            failures.merge(benchmark, String.valueOf(e), (a, b) -> a + "; " + b);
        }
    }

    private List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        double bareSend = median(bare, run -> run.send().okPerSecond());
        double bareSendP50 = median(bare, run -> run.send().latency().p50());
        double bareSendP99 = median(bare, run -> run.send().latency().p99());
        double bareReadP50 = median(bare, run -> run.read().latency().p50());
        double bareReadP99 = median(bare, run -> run.read().latency().p99());
        double bareScreenP50 = median(bare, run -> run.screen().screen().p50());
        double bareScreenP99 = median(bare, run -> run.screen().screen().p99());
        double appendRate = median(appends, StoreCeilings.AppendRun::perSecond);

        if (options.runs("throughput")) {
            figures.add(figure(THROUGHPUT, "accepted sends/s", "/s", throughput, SendThroughput.Run::acceptedPerSecond)
                    .against("bare WebFlux", bareSend, "/s")
                    .against("store appends like commands", appendRate, "/s")
                    .target(Figure.Target.atLeast(5_000)));
            figures.add(figure(THROUGHPUT, "send latency p50", "ms", throughput, run -> run.latency().p50())
                    .against("bare WebFlux", bareSendP50, "ms"));
            figures.add(figure(THROUGHPUT, "send latency p99", "ms", throughput, run -> run.latency().p99())
                    .against("bare WebFlux", bareSendP99, "ms"));
            figures.add(figure(THROUGHPUT, "failed sends (whole run)", "", throughput, run -> run.failedTotal())
                    .target(Figure.Target.atMost(0))
                    .note(failureNote(throughput.stream().flatMap(run -> run.failureSamples().stream()).toList())));
            figures.add(figure(THROUGHPUT, "202s in the store after kill -9", "%", throughput,
                               run -> run.checked() == 0 ? Double.NaN : 100.0 * run.durable() / run.checked())
                    .target(Figure.Target.atLeast(100)));
            figures.add(figure(THROUGHPUT, "projections caught up after", "s", throughput,
                               run -> run.catchUp().projections())
                    .target(Figure.Target.atMost(2))
                    .note("from the last answer until the unread counts of " + options.tokenSample()
                          + " sampled recipients showed every send and the status of the last 50 was known"));
            figures.add(figure(THROUGHPUT, "IN_APP recorded delivered after", "s", throughput,
                               run -> run.catchUp().inAppDelivered()));
            figures.add(figure(THROUGHPUT, "client CPU per request", "us", throughput,
                               SendThroughput.Run::clientMicrosPerRequest)
                    .against("same client on bare WebFlux", median(bare, run -> run.send().clientMicrosPerRequest()),
                             "us"));
            figures.add(figure(THROUGHPUT, "client CPU", "cores", throughput, SendThroughput.Run::clientCores));
            figures.add(figure(THROUGHPUT, "Herald CPU", "cores", throughput, SendThroughput.Run::heraldCores));
        }

        if (options.runs("latency")) {
            List<SendToScreen.Run> measured = screen.stream().filter(run -> run.unavailable() == null).toList();
            String label = String.format("p99 at %,d sends/s", options.latencyRate());
            if (measured.isEmpty()) {
                String reason = screen.stream().map(SendToScreen.Run::unavailable).findFirst()
                        .orElse(failures.getOrDefault(SCREEN, "not run"));
                figures.add(Figure.unavailable(SCREEN, label, "ms", Figure.Target.atMost(250), reason));
            } else {
                figures.add(figure(SCREEN, String.format("p50 at %,d sends/s", options.latencyRate()), "ms", measured,
                                   run -> run.screen().p50())
                        .against("bare WebFlux relay", bareScreenP50, "ms"));
                figures.add(figure(SCREEN, label, "ms", measured, run -> run.screen().p99())
                        .against("bare WebFlux relay", bareScreenP99, "ms")
                        .target(Figure.Target.atMost(250)));
                figures.add(figure(SCREEN, "sends shown on the stream", "%", measured,
                                   run -> 100.0 * run.arrived() / run.scheduled())
                        .note("events seen: " + measured.get(0).eventsSeen() + "; not sent (over 2 s of sends "
                              + "waiting): " + measured.stream().mapToLong(SendToScreen.Run::skipped).sum()
                              + ", failed: " + measured.stream().mapToLong(SendToScreen.Run::failed).sum()));
                figures.add(figure(SCREEN, "POST answer p99", "ms", measured, run -> run.post().p99()));
            }
        }

        if (options.runs("large")) {
            largeFigures(figures, bareReadP50, bareReadP99);
        }

        if (options.runs("ceilings")) {
            figures.add(figure(CEILINGS, "bare WebFlux sends/s", "/s", bare, run -> run.send().okPerSecond()));
            figures.add(figure(CEILINGS, "bare WebFlux send p50", "ms", bare, run -> run.send().latency().p50()));
            figures.add(figure(CEILINGS, "bare WebFlux send p99", "ms", bare, run -> run.send().latency().p99()));
            figures.add(figure(CEILINGS, "bare WebFlux read p50", "ms", bare, run -> run.read().latency().p50()));
            figures.add(figure(CEILINGS, "bare WebFlux read p99", "ms", bare, run -> run.read().latency().p99()));
            figures.add(figure(CEILINGS, "bare WebFlux relay to stream p50", "ms", bare,
                               run -> run.screen().screen().p50()));
            figures.add(figure(CEILINGS, "bare WebFlux relay to stream p99", "ms", bare,
                               run -> run.screen().screen().p99()));
            figures.add(figure(CEILINGS, "store appends like commands", "/s", appends,
                               StoreCeilings.AppendRun::perSecond)
                    .note(String.format("%,d events, one transaction each on %d command threads, %d callers each "
                                        + "waiting for the group flush",
                                        appends.isEmpty() ? 0 : appends.get(0).events(),
                                        StoreCeilings.COMMAND_THREADS, options.clients())));
        }

        if (options.runs("throughput")) {
            figures.add(figure(MEMORY, "Herald peak RSS (VmHWM)", "MiB", throughput, SendThroughput.Run::peakRssMib)
                    .against("bare WebFlux", median(bare, BareCeiling.Run::peakRssMib), "MiB"));
            figures.add(figure(MEMORY, "Herald heap after full GC", "MiB", throughput,
                               SendThroughput.Run::heapAfterGcMib)
                    .against("bare WebFlux", median(bare, BareCeiling.Run::heapAfterGcMib), "MiB"));
        }

        if (options.runs("scaling")) {
            scalingFigures(figures);
        }
        return figures;
    }

    private void scalingFigures(List<Figure> figures) {
        figures.add(figure(SCALING, "accepted sends/s, 1 node", "/s", scaling,
                           run -> run.oneNode().acceptedPerSecond()));
        figures.add(figure(SCALING, "accepted sends/s, 2 nodes", "/s", scaling,
                           run -> run.twoNodes().acceptedPerSecond())
                .note(scaling.isEmpty() ? null : String.format(
                        "%d clients, half on each node; accepted in the whole last run: node 1 %,d, node 2 %,d",
                        options.clients(), last(scaling).twoNodes().acceptedByNode().get(0),
                        last(scaling).twoNodes().acceptedByNode().get(1))));
        // No target: the nodes, the load client and the in-process MongoDB double share this machine's cores, so
        // the ratio says whether a second node adds capacity here, not what it would add on a machine of its own.
        figures.add(figure(SCALING, "2 nodes / 1 node, accepted sends/s", "x", scaling, Scaling.Run::ratio)
                .note(String.format("both nodes, the load client%s share this machine's %d cores",
                                    options.mongoUri() == null ? " and the MongoDB double" : "",
                                    Runtime.getRuntime().availableProcessors())));
        List<String> failureSamples = scaling.stream()
                .flatMap(run -> Stream.concat(run.oneNode().failureSamples().stream(),
                                              run.twoNodes().failureSamples().stream()))
                .distinct().toList();
        figures.add(figure(SCALING, "failed sends (both phases, whole run)", "", scaling,
                           run -> run.oneNode().failedTotal() + run.twoNodes().failedTotal())
                .target(Figure.Target.atMost(0))
                .note(failureNote(failureSamples)));
        figures.add(figure(SCALING, "projections caught up after, 1 node", "s", scaling,
                           run -> run.oneNode().catchUp().projections())
                .note("as in benchmark 1, on the mongo profile's event store"));
        figures.add(figure(SCALING, "Herald CPU, 1 node", "cores", scaling, run -> run.oneNode().heraldCores()));
        figures.add(figure(SCALING, "Herald CPU, 2 nodes together", "cores", scaling,
                           run -> run.twoNodes().heraldCores()));
        // The in-process MongoDB double does the store's work in this process: where the cores went decides the ratio.
        String bench = options.mongoUri() == null ? "load client + MongoDB double CPU" : "load client CPU";
        figures.add(figure(SCALING, bench + ", 1 node", "cores", scaling, run -> run.oneNode().clientCores()));
        figures.add(figure(SCALING, bench + ", 2 nodes", "cores", scaling, run -> run.twoNodes().clientCores()));
        figures.add(figure(SCALING, "segments held by node 1 at the end", "", scaling, run -> run.segmentsOn(1)));
        figures.add(figure(SCALING, "segments held by node 2 at the end", "", scaling, run -> run.segmentsOn(2))
                .note(scaling.isEmpty() ? null
                        : "by processor, last run: " + Scaling.describe(last(scaling).segments())));
    }

    private static <T> T last(List<T> runs) {
        return runs.get(runs.size() - 1);
    }

    private void largeFigures(List<Figure> figures, double bareReadP50, double bareReadP99) {
        if (large == null) {
            String reason = failures.getOrDefault("large store", "not run");
            figures.add(Figure.unavailable(REPLAY, "replay events/s", "/s", Figure.Target.atLeast(50_000), reason));
            figures.add(Figure.unavailable(READS, "unread count p99", "ms", Figure.Target.atMost(5), reason));
            figures.add(Figure.unavailable(READS, "first inbox page p99", "ms", Figure.Target.atMost(5), reason));
            return;
        }
        double raw = large.readRowsPerSecond();
        double deserialized = large.readPerSecond();
        figures.add(Figure.of(CEILINGS, "store batch append (seeding)", "/s", List.of(large.appendPerSecond()))
                .note(String.format("%,d events in transactions of %,d", large.seeded(), LargeStore.SEED_BATCH)));
        figures.add(Figure.of(CEILINGS, "store raw read", "/s", List.of(raw))
                .note(String.format("all %,d events through the engine's tracking query, as processors read them",
                                    large.read())));
        figures.add(Figure.of(CEILINGS, "store read, payloads deserialized", "/s", List.of(deserialized)));
        if (large.replayUnavailable() != null) {
            figures.add(Figure.unavailable(REPLAY, "replay events/s", "/s", Figure.Target.atLeast(50_000),
                                           large.replayUnavailable()));
        }
        for (LargeStore.Replay replay : large.replays()) {
            Figure rate = Figure.of(REPLAY, "replay " + replay.projection(), "/s", List.of(replay.eventsPerSecond()))
                    .against("store raw read", raw, "/s")
                    .against("store read + payloads", deserialized, "/s")
                    .target(Figure.Target.atLeast(50_000));
            figures.add(replay.error() == null ? rate.note(String.format("%,d events in %.1f s", replay.total(),
                                                                         replay.seconds()))
                                : rate.note(replay.error()));
            figures.add(Figure.of(REPLAY, "replay " + replay.projection() + " / store raw read", "x",
                                  List.of(replay.eventsPerSecond() / raw))
                    .target(Figure.Target.atLeast(0.70)));
        }
        if (large.readsUnavailable() != null) {
            figures.add(Figure.unavailable(READS, "unread count p99", "ms", Figure.Target.atMost(5),
                                           large.readsUnavailable()));
            figures.add(Figure.unavailable(READS, "first inbox page p99", "ms", Figure.Target.atMost(5),
                                           large.readsUnavailable()));
            return;
        }
        readFigures(figures, "unread count", large.unreadCount(), bareReadP50, bareReadP99);
        readFigures(figures, "first inbox page", large.inboxPage(), bareReadP50, bareReadP99);
    }

    private void readFigures(List<Figure> figures, String name, SequentialReads.Result result, double bareP50,
                             double bareP99) {
        figures.add(Figure.of(READS, name + " p50", "ms", List.of(result.latency().p50()))
                .against("bare WebFlux read", bareP50, "ms"));
        figures.add(Figure.of(READS, name + " p99", "ms", List.of(result.latency().p99()))
                .against("bare WebFlux read", bareP99, "ms")
                .target(Figure.Target.atMost(5)));
        figures.add(Figure.of(READS, name + " wrong or failed answers", "", List.of((double) result.failed()))
                .target(Figure.Target.atMost(0))
                .note(failureNote(result.failureSamples())));
    }

    private static String failureNote(List<String> samples) {
        return samples.isEmpty() ? null : "e.g. " + String.join(" | ", samples.stream().limit(3).toList());
    }

    private static <T> Figure figure(String benchmark, String name, String unit, List<T> runs,
                                     ToDoubleFunction<T> value) {
        return Figure.of(benchmark, name, unit, runs.stream().map(run -> value.applyAsDouble(run)).toList());
    }

    private static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        return Stats.median(runs.stream().map(run -> value.applyAsDouble(run)).toList());
    }

    private Map<String, Object> context(Instant started, Machine machine, Path work) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("suite", "Herald benchmarks");
        context.put("arguments", List.of(args));
        context.put("startedAt", started.toString());
        context.put("finishedAt", Instant.now().toString());
        context.put("machine", machine);
        context.put("loadAverageAtEnd", Machine.currentLoadAverage());
        context.put("options", requested);
        Map<String, Object> jar = new LinkedHashMap<>();
        jar.put("path", requested.heraldJar().toString());
        try {
            jar.put("bytes", Files.size(requested.heraldJar()));
            jar.put("modified", Files.getLastModifiedTime(requested.heraldJar()).toString());
        } catch (IOException e) {
            jar.put("error", String.valueOf(e));
        }
        context.put("heraldJar", jar);
        if (options.keepData()) {
            context.put("workDirectory", work.toString());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bareWebFlux", bare);
        details.put("sendThroughput", throughput);
        details.put("sendToScreen", screen);
        details.put("storeAppendsLikeCommands", appends);
        details.put("largeStore", large);
        details.put("scaling", scaling);
        context.put("runs", details);
        context.put("failures", failures);
        return context;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            Progress.log("could not delete %s: %s", root, e);
        }
    }
}

package dev.herald.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The suite's settings, from {@code --name=value} (or {@code --name value}) flags. {@code --quick} changes the
 * defaults to a short smoke run; flags given explicitly win over it.
 */
record BenchOptions(boolean quick, int runs, Duration warmup, Duration duration, int clients, int clientThreads,
                    int recipients, int tokenSample, Duration catchUpTimeout, int latencyRate,
                    Duration latencyDuration, int sseRecipients, long events, int readRequests,
                    Duration ceilingDuration, Duration replayTimeout, Duration scalingDuration,
                    @JsonIgnore String mongoUri, Set<String> only, Path heraldJar, Path out, List<String> heraldJvmArgs,
                    boolean keepData) {

    static final Set<String> BENCHMARKS = Set.of("ceilings", "throughput", "latency", "large", "scaling");

    static final String USAGE = """
            Herald benchmark suite. Each benchmark starts its own Herald (java -jar app/target/herald-exec.jar) on a
            fresh data directory and a free port of 127.0.0.1, and drives it over HTTP from this process. The
            scaling benchmark runs one Herald and then two on the mongo profile, sharing a MongoDB-wire server.

            Build and run everything:
              ./mvnw -q -pl bench -am package -DskipTests && java -jar bench/target/herald-bench.jar

            Flags (defaults in brackets; --quick changes them to the second value):
              --quick                      a short smoke run of every benchmark
              --runs=N                     runs of the ceilings, throughput, latency and scaling benchmarks
                                           (each on a fresh Herald); figures are medians; the large store runs
                                           once [3 | 1]
              --warmup=S --duration=S      send throughput: warm-up and measured seconds [10, 60 | 5, 10]; the
                                           scaling benchmark takes the same flags but measures 30 s per phase
                                           unless --duration is given [30 | 10], because the mongo profile's event
                                           store on mongo-java-server tracks by a full scan, slower with each send
              --clients=N                  concurrent senders [32]
              --client-threads=N           event-loop threads of the load client [2]
              --recipients=N               recipients created before sending, and in the large store [10000 | 1000]
              --token-sample=N             recipients with tokens: catch-up polls and reads [100]
              --catch-up-timeout=S         longest wait for the projections after sending [120 | 60]
              --latency-rate=N             sends per second of the send-to-screen benchmark [1000]
              --latency-duration=S         its measured seconds [30 | 5]
              --sse-recipients=N           recipients with an open stream there [100 | 20]
              --events=N                   events in the large store (replay, reads) [1000000 | 20000]
              --read-requests=N            requests per read endpoint on the large store [10000 | 1000]
              --ceiling-duration=S         measured seconds of the bare WebFlux ceiling [20 | 5]
              --replay-timeout=S           longest wait for one projection's replay [1800 | 300]
              --mongo-uri=URI              scaling: a real MongoDB instead of mongo-java-server (in memory, in
                                           this process); its database (the URI's, else herald-bench) is DROPPED
                                           before, between and after the runs [none]
              --only=a,b                   any of ceilings, throughput, latency, large, scaling [all]
              --herald-jar=PATH            [app/target/herald-exec.jar]
              --herald-jvm-args="..."      JVM flags of every server started (e.g. -Xmx2g) [none]
              --out=PATH                   the JSON results [bench/target/bench-results.json]
              --keep-data                  keep the temporary data directories and server logs
            """;

    static BenchOptions parse(String... args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = "true";
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (!isSwitch(name) && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            flags.put(name, value);
        }
        Flags read = new Flags(flags);
        boolean quick = read.bool("quick");
        BenchOptions options = new BenchOptions(
                quick,
                read.integer("runs", quick ? 1 : 3),
                read.seconds("warmup", quick ? 5 : 10),
                read.seconds("duration", quick ? 10 : 60),
                read.integer("clients", 32),
                read.integer("client-threads", 2),
                read.integer("recipients", quick ? 1_000 : 10_000),
                read.integer("token-sample", 100),
                read.seconds("catch-up-timeout", quick ? 60 : 120),
                read.integer("latency-rate", 1_000),
                read.seconds("latency-duration", quick ? 5 : 30),
                read.integer("sse-recipients", quick ? 20 : 100),
                read.integer("events", quick ? 20_000 : 1_000_000),
                read.integer("read-requests", quick ? 1_000 : 10_000),
                read.seconds("ceiling-duration", quick ? 5 : 20),
                read.seconds("replay-timeout", quick ? 300 : 1_800),
                read.seconds("duration", quick ? 10 : 30),
                read.text("mongo-uri", null),
                read.only(),
                heraldJar(read.text("herald-jar", null)),
                Path.of(read.text("out", defaultOut().toString())),
                read.text("herald-jvm-args", "").isBlank() ? List.of()
                        : Arrays.asList(read.text("herald-jvm-args", "").trim().split("\\s+")),
                read.bool("keep-data"));
        read.rejectUnknown();
        if (options.runs() < 1 || options.clients() < 1 || options.recipients() < 1 || options.events() < 1
                || options.tokenSample() < 1 || options.sseRecipients() < 1 || options.latencyRate() < 1
                || options.readRequests() < 1 || options.clientThreads() < 1) {
            throw new IllegalArgumentException("counts must be at least 1");
        }
        return options;
    }

    static boolean wantsHelp(String... args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    /** The same options, running this copy of Herald's jar. */
    BenchOptions withHeraldJar(Path jar) {
        return new BenchOptions(quick, runs, warmup, duration, clients, clientThreads, recipients, tokenSample,
                                catchUpTimeout, latencyRate, latencyDuration, sseRecipients, events, readRequests,
                                ceilingDuration, replayTimeout, scalingDuration, mongoUri, only, jar, out,
                                heraldJvmArgs, keepData);
    }

    /** The MongoDB URI as the JSON results show it: without its password. */
    @JsonProperty("mongoUri")
    String mongoUriWithoutPassword() {
        return mongoUri == null ? null : SharedMongo.withoutPassword(mongoUri);
    }

    boolean runs(String benchmark) {
        return only.contains(benchmark);
    }

    private static boolean isSwitch(String name) {
        return name.equals("quick") || name.equals("keep-data");
    }

    /** The app's exec jar: relative to the working directory, else to this jar (bench/target/..). */
    private static Path heraldJar(String configured) {
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path relative = Path.of("app", "target", "herald-exec.jar");
        if (Files.exists(relative)) {
            return relative.toAbsolutePath();
        }
        return benchJarDirectory().resolve("../../app/target/herald-exec.jar").normalize();
    }

    private static Path defaultOut() {
        return benchJarDirectory().resolve("bench-results.json");
    }

    /** Where this suite's jar is (bench/target when run as documented). */
    private static Path benchJarDirectory() {
        return benchJar().map(Path::getParent).orElse(Path.of("bench", "target").toAbsolutePath());
    }

    /** This suite's jar when it runs as {@code java -jar herald-bench.jar}. */
    static Optional<Path> benchJar() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            return Optional.of(Path.of(classPath).toAbsolutePath());
        }
        return Optional.empty();
    }

    private static final class Flags {

        private final Map<String, String> values;
        private final Set<String> used = new LinkedHashSet<>();

        Flags(Map<String, String> values) {
            this.values = values;
        }

        String text(String name, String fallback) {
            used.add(name);
            return values.getOrDefault(name, fallback);
        }

        boolean bool(String name) {
            return Boolean.parseBoolean(text(name, "false"));
        }

        int integer(String name, int fallback) {
            String value = text(name, null);
            try {
                return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + ": not a whole number: " + value);
            }
        }

        Duration seconds(String name, int fallback) {
            int seconds = integer(name, fallback);
            if (seconds < 1) {
                throw new IllegalArgumentException("--" + name + ": at least 1 second");
            }
            return Duration.ofSeconds(seconds);
        }

        Set<String> only() {
            String value = text("only", null);
            if (value == null) {
                return BENCHMARKS;
            }
            Set<String> chosen = new LinkedHashSet<>(List.of(value.split(",")));
            List<String> unknown = new ArrayList<>(chosen);
            unknown.removeAll(BENCHMARKS);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("--only: unknown " + unknown + "; expected any of " + BENCHMARKS);
            }
            return Set.copyOf(chosen);
        }

        void rejectUnknown() {
            List<String> unknown = new ArrayList<>(values.keySet());
            unknown.removeAll(used);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown flags " + unknown + "; see --help");
            }
        }
    }
}

package dev.herald.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test: a separate JVM started from a jar, bound to a free port of 127.0.0.1, its output in a log
 * file. Knows how to read its memory and CPU time from {@code /proc} and its heap after a full GC through jcmd.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code java [jvmArgs] [launch] [args]} and waits until {@code healthPath} answers 200.
     *
     * @param launch what to run: {@code -jar <jar>}, or {@code -cp <classpath> <main class>}
     * @param args   may contain {@code {port}}, replaced by the free port chosen
     */
    static ServerProcess start(String name, List<String> launch, List<String> jvmArgs, List<String> args,
                               String healthPath, Path log, Duration startTimeout) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(launch);
        args.forEach(arg -> command.add(arg.replace("{port}", String.valueOf(port))));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ServerProcess server = new ServerProcess(name, process, port, log);
            server.awaitHealthy(healthPath, startTimeout);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void awaitHealthy(String healthPath, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + healthPath))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; "
                        + "last lines of " + log + ":\n" + tail(30));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " was starting", e);
            }
            sleep(Duration.ofMillis(250));
        }
        kill();
        throw new IllegalStateException(name + " did not answer " + healthPath + " within " + timeout.toSeconds()
                + " s; last lines of " + log + ":\n" + tail(30));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time (user + system) the process used so far, from {@code /proc}. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The process's peak resident set size so far ({@code VmHWM}), in MiB. */
    OptionalDouble peakRssMib() {
        return procStatusKib("VmHWM").stream().mapToDouble(kib -> kib / 1024.0).findFirst();
    }

    /** The used heap right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in MiB. */
    OptionalDouble heapAfterGcMib() {
        if (!process.isAlive()) {
            return OptionalDouble.empty();
        }
        try {
            jcmd("GC.run");
            Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
            return used.find() ? OptionalDouble.of(Long.parseLong(used.group(1)) / 1024.0) : OptionalDouble.empty();
        } catch (IOException | IllegalStateException e) {
            return OptionalDouble.empty();
        }
    }

    private String jcmd(String command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process call = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                                          String.valueOf(process.pid()), command)
                .redirectErrorStream(true).start();
        try {
            if (!call.waitFor(60, TimeUnit.SECONDS)) {
                call.destroyForcibly();
                throw new IllegalStateException("jcmd " + command + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new String(call.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private List<Long> procStatusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return List.of(Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended or /proc is not there (not Linux)
        }
        return List.of();
    }

    /** SIGTERM and wait for a graceful shutdown; SIGKILL when it takes too long. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL: a crash, as far as the server can tell. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

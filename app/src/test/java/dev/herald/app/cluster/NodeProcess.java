package dev.herald.app.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Herald node as its own JVM (the packaged jar), so that a test can kill it for real ({@code kill -9}) and
 * start it again, reached over real HTTP on a port of its own.
 */
final class NodeProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "herald-exec.jar");
    static final String ADMIN_KEY = "hk_cluster_test_bootstrap_admin_key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status and its body, parsed when it is JSON. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    final String name;
    final int port;
    private final Path dataDir;
    private final List<String> arguments;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    NodeProcess(String name, Path dataDir, List<String> arguments) throws IOException {
        this.name = name;
        this.dataDir = dataDir;
        this.arguments = List.copyOf(arguments);
        this.port = freePort();
    }

    /** Starts the JVM and waits until the node answers its health check. */
    NodeProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Daxoniq.update-checker.disabled=true", "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port, "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY));
        command.addAll(arguments);
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("herald.log").toFile())).start();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited; see " + dataDir.resolve("herald.log"));
                        }
                        return call("GET", "/actuator/health", null, null).status() == 200;
                    });
        } catch (RuntimeException | Error notUp) {
            // The caller never gets this node to close, so a node that did not come up must not outlive the test.
            process.destroyForcibly();
            throw notUp;
        }
        return this;
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    Reply asAdmin(String method, String path, Object body) throws IOException, InterruptedException {
        return call(method, path, "ApiKey " + ADMIN_KEY, body);
    }

    Reply call(String method, String path, String authorization, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    HttpClient client() {
        return client;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

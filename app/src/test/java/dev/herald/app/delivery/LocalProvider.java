package dev.herald.app.delivery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 standing in for a webhook receiver or an SMS/push provider: it answers each
 * request on a path with the next status scripted for that path (then 200 for ever) and records what it received.
 */
public final class LocalProvider implements AutoCloseable {

    /**
     * One request as the provider saw it.
     *
     * @param arrivedNanos {@link System#nanoTime} when the provider began to handle it
     */
    public record Received(String path, Map<String, List<String>> headers, String body, long arrivedNanos) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    /** A scripted answer: a status and, for throttling answers, a Retry-After in seconds (null for none). */
    public record Answer(int status, Integer retryAfterSeconds) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new java.util.HashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();

    public LocalProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            long arrived = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body, arrived));
            Answer answer;
            synchronized (scripts) {
                Deque<Answer> script = scripts.get(exchange.getRequestURI().getPath());
                answer = script == null || script.isEmpty() ? new Answer(200, null) : script.poll();
            }
            if (answer.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(answer.retryAfterSeconds()));
            }
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers on this path; once they are used up, the path answers 200. */
    public void answerNext(String path, Answer... answers) {
        synchronized (scripts) {
            scripts.computeIfAbsent(path, any -> new ArrayDeque<>()).addAll(List.of(answers));
        }
    }

    public List<Received> at(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.herald.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load client: Reactor Netty's HTTP/1.1 client on a fixed pool of keep-alive connections to one port of
 * 127.0.0.1, on its own few event-loop threads. Non-blocking, so that 32 concurrent requests cost two threads, not
 * 32, on a machine whose two cores the server under test also needs. Used for every call of the suite, the set-up
 * calls included (they block on it).
 */
final class HttpDriver implements AutoCloseable {

    static final String JSON = "application/json";
    private static final byte[] NO_BODY = new byte[0];

    private final ConnectionProvider pool;
    private final ConnectionProvider streamPool;
    private final LoopResources loops;
    private final HttpClient client;
    private final HttpClient streamClient;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param connections the most connections open at once for requests; more concurrent requests wait for one
     * @param streams     the most event streams open at once (each holds its connection)
     * @param threads     event-loop threads
     */
    HttpDriver(int port, int connections, int streams, int threads, Duration responseTimeout) {
        this.pool = ConnectionProvider.builder("bench-requests")
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2))
                .build();
        this.streamPool = ConnectionProvider.builder("bench-streams")
                .maxConnections(Math.max(1, streams))
                .pendingAcquireTimeout(Duration.ofSeconds(30))
                .build();
        this.loops = LoopResources.create("bench-http", threads, true);
        String baseUrl = "http://127.0.0.1:" + port;
        this.client = HttpClient.create(pool).runOn(loops).baseUrl(baseUrl).keepAlive(true)
                .responseTimeout(responseTimeout);
        // No response timeout on streams: Reactor Netty's is a read-idle timeout, and a stream may idle for long.
        this.streamClient = HttpClient.create(streamPool).runOn(loops).baseUrl(baseUrl).keepAlive(true);
    }

    /** One response, its body read in full (so that the connection goes back to the pool). */
    record Reply(int status, String location, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A stream that answered something other than 200 with an event stream. */
    static final class StreamRefusedException extends RuntimeException {

        StreamRefusedException(String message) {
            super(message);
        }
    }

    Mono<Reply> get(String path, String authorization) {
        return exchange(HttpMethod.GET, path, authorization, null);
    }

    Mono<Reply> post(String path, String authorization, byte[] json) {
        return exchange(HttpMethod.POST, path, authorization, json);
    }

    Mono<Reply> put(String path, String authorization, byte[] json) {
        return exchange(HttpMethod.PUT, path, authorization, json);
    }

    /**
     * @param authorization the whole header value, or null for none
     * @param json          the request body, or null for none
     */
    Mono<Reply> exchange(HttpMethod method, String path, String authorization, byte[] json) {
        return client.request(method).uri(path)
                .send((request, out) -> {
                    if (authorization != null) {
                        request.header(HttpHeaderNames.AUTHORIZATION, authorization);
                    }
                    request.header(HttpHeaderNames.ACCEPT, JSON);
                    if (json == null) {
                        return out;
                    }
                    request.header(HttpHeaderNames.CONTENT_TYPE, JSON);
                    request.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(json.length));
                    return out.sendByteArray(Mono.just(json));
                })
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(NO_BODY)
                        .map(body -> new Reply(response.status().code(),
                                               response.responseHeaders().get(HttpHeaderNames.LOCATION), body)));
    }

    /**
     * The raw bytes of a server-sent event stream as they arrive. Fails with {@link StreamRefusedException} when
     * the server answers anything but 200 with {@code text/event-stream}.
     *
     * @param onOpen called once the server has answered 200 with an event stream
     */
    Flux<byte[]> stream(String path, Runnable onOpen) {
        return streamClient.headers(headers -> headers.set(HttpHeaderNames.ACCEPT, "text/event-stream"))
                .get().uri(path)
                .response((response, content) -> {
                    String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
                    if (response.status().code() == 200 && type.startsWith("text/event-stream")) {
                        onOpen.run();
                        return content.asByteArray();
                    }
                    return content.aggregate().asString().defaultIfEmpty("")
                            .flatMapMany(body -> Flux.error(new StreamRefusedException(
                                    "GET " + path.replaceAll("access_token=[^&]*", "access_token=...") + " answered "
                                    + response.status().code() + ": " + abbreviate(body, 160))));
                });
    }

    static String abbreviate(String text, int length) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= length ? oneLine : oneLine.substring(0, length) + "...";
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        pool.disposeLater().block(Duration.ofSeconds(10));
        streamPool.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }
}

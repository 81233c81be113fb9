package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The ceiling of the web tier: a Spring Boot WebFlux app on the same Reactor Netty server and Jackson as Herald,
 * with endpoints that do no work. The suite starts it as its own process ({@code java -jar herald-bench.jar
 * bare-server --server.port=N}), like Herald, so that it competes with the load client for the cores in the same
 * way. Only the auto-configuration a WebFlux app needs is imported: this jar also carries Herald's classpath
 * (Axon, MongoDB, security), none of which belongs in a ceiling.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, JacksonAutoConfiguration.class,
        CodecsAutoConfiguration.class, ReactiveWebServerFactoryAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class})
@Import(BareWebFluxServer.BareEndpoints.class)
public class BareWebFluxServer {

    static final String MODE = "bare-server";
    static final String SEND = "/bare/notifications";
    static final String RELAY = "/bare/relay";
    static final String STREAM = "/bare/stream";
    static final String READ = "/bare/read";

    static void run(String[] args) {
        SpringApplication application = new SpringApplication(BareWebFluxServer.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        // Herald's application.yml is on this classpath too; the ceiling reads no configuration but its flags.
        // The secrets keep Herald's environment post-processor (also on the classpath) from writing files.
        application.setDefaultProperties(Map.of(
                "spring.config.name", "herald-bench-bare",
                "spring.main.banner-mode", "off",
                "server.address", "127.0.0.1",
                "herald.security.jwt-secret", "unused-by-the-bare-ceiling-server-0123456789",
                "herald.delivery.unsubscribe-secret", "unused-by-the-bare-ceiling-server-0123456789"));
        application.run(args);
    }

    /** What a send answers, shaped like Herald's. */
    record Accepted(String notificationId, String status) {
    }

    @RestController
    static class BareEndpoints {

        private final ObjectMapper json;
        private final Map<String, Sinks.Many<ServerSentEvent<String>>> streams = new ConcurrentHashMap<>();

        BareEndpoints(ObjectMapper json) {
            this.json = json;
        }

        /** Reads the body and answers 202 like Herald's send, and does nothing else. */
        @PostMapping(SEND)
        Mono<ResponseEntity<Accepted>> send(@RequestBody Mono<String> body) {
            return body.map(ignored -> {
                String id = UUID.randomUUID().toString();
                return ResponseEntity.accepted().location(URI.create(SEND + "/" + id))
                        .body(new Accepted(id, "ACCEPTED"));
            });
        }

        /** A send that is pushed to the recipient's open streams at once: the ceiling of send-to-screen. */
        @PostMapping(RELAY)
        Mono<ResponseEntity<Accepted>> relay(@RequestBody String body) throws Exception {
            JsonNode request = json.readTree(body);
            String id = UUID.randomUUID().toString();
            Sinks.Many<ServerSentEvent<String>> stream = streams.get(request.path("recipientId").asText());
            if (stream != null) {
                String item = json.writeValueAsString(Map.of("id", id, "title", request.path("title").asText()));
                stream.emitNext(ServerSentEvent.builder(item).event("notification").build(),
                                Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
            }
            return Mono.just(ResponseEntity.accepted().location(URI.create(SEND + "/" + id))
                                     .body(new Accepted(id, "ACCEPTED")));
        }

        @GetMapping(path = STREAM, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<ServerSentEvent<String>> stream(@RequestParam String recipient) {
            Sinks.Many<ServerSentEvent<String>> sink = streams.computeIfAbsent(
                    recipient, key -> Sinks.many().multicast().directBestEffort());
            return Flux.concat(Mono.just(ServerSentEvent.builder("{}").event("connected").build()), sink.asFlux());
        }

        /** A small JSON answer like the unread count: the ceiling of a read. */
        @GetMapping(READ)
        Map<String, Object> read() {
            return Map.of("unread", 0, "total", 0);
        }
    }
}

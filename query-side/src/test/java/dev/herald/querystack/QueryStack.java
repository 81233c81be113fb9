package dev.herald.querystack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.CommandTimeout;
import dev.herald.query.MongoReadModelConfiguration;
import dev.herald.query.SqliteReadModelConfiguration;
import dev.herald.query.storage.MongoStorage;
import dev.herald.query.storage.ReadModelStorage;
import dev.herald.query.storage.SqliteStorage;
import dev.herald.query.QuerySideConfiguration;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;

/**
 * The query side as the app runs it, in one process: Spring Boot with Axon's auto-configuration (real buses, an
 * in-memory event store, pooled processors configured by properties as in the app), the module's configuration,
 * the read models on a real store (an SQLite file by default, or mongo-java-server through the real driver),
 * and a real HTTP server on a free port. The command side is
 * {@link FakeCommandSide}; callers are named by the {@value TestCaller#CALLER} header.
 */
public final class QueryStack implements AutoCloseable {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReadModelStorage storage;
    private final ConfigurableApplicationContext context;
    private final int port;

    /** On the embedded profile's storage, SQLite. */
    public QueryStack(String database, String... properties) {
        this(Storage.SQLITE, database, properties);
    }

    public QueryStack(Storage kind, String database, String... properties) {
        storage = kind == Storage.MONGO ? new MongoStorage(database) : new SqliteStorage();
        context = new SpringApplicationBuilder(kind == Storage.MONGO ? MongoApplication.class : SqliteApplication.class)
                .web(WebApplicationType.REACTIVE)
                .initializers(context -> {
                    if (storage instanceof MongoStorage mongo) {
                        context.getBeanFactory().registerSingleton("mongoTemplate", mongo.mongo().template());
                    } else if (storage instanceof SqliteStorage sqlite) {
                        context.getBeanFactory().registerSingleton(SqliteReadModelConfiguration.DATA_SOURCE,
                                                                   sqlite.dataSource());
                    }
                })
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "axon.axonserver.enabled=false",
                        "axon.serializer.general=jackson",
                        "axon.serializer.events=jackson",
                        "axon.serializer.messages=jackson",
                        "spring.jackson.serialization.write-dates-as-timestamps=false",
                        "axon.eventhandling.processors.inbox.mode=pooled",
                        "axon.eventhandling.processors.inbox.thread-count=2",
                        "axon.eventhandling.processors.inbox.initial-segment-count=4",
                        "axon.eventhandling.processors.inbox.batch-size=50",
                        "axon.eventhandling.processors.inbox.sequencing-policy="
                        + QuerySideConfiguration.RECIPIENT_SEQUENCING_POLICY,
                        "axon.eventhandling.processors.notification-status.mode=pooled",
                        "axon.eventhandling.processors.notification-status.initial-segment-count=2",
                        "axon.eventhandling.processors.subscriptions.mode=pooled",
                        "axon.eventhandling.processors.subscriptions.initial-segment-count=2",
                        "axon.eventhandling.processors.topics.mode=pooled",
                        "axon.eventhandling.processors.topics.initial-segment-count=2",
                        "axon.eventhandling.processors.templates.mode=pooled",
                        "axon.eventhandling.processors.templates.initial-segment-count=1",
                        "herald.projections.switch-check=100ms",
                        "herald.projections.serving-version-cache=200ms",
                        "herald.projections.retired-grace=500ms",
                        "logging.level.org.axonframework=warn")
                .properties(properties)
                .run();
        port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public FakeCommandSide commandSide() {
        return bean(FakeCommandSide.class);
    }

    /** The read models' store, for looking at them directly. */
    public ReadModelStorage storage() {
        return storage;
    }

    public ProjectionVersions versions() {
        return bean(ProjectionVersions.class);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public WebClient webClient() {
        return WebClient.create(baseUrl());
    }

    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /**
     * Waits until every processor has handled every event in the store, including events published meanwhile
     * (the IN_APP outcomes the inbox records cause new events).
     */
    public void awaitProjections() {
        Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
        int quietChecks = 0;
        while (quietChecks < 3) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("projections did not catch up: " + statuses());
            }
            quietChecks = caughtUp() ? quietChecks + 1 : 0;
            sleep(20);
        }
    }

    private boolean caughtUp() {
        TrackingToken head = bean(EventStore.class).createHeadToken();
        for (String group : QuerySideConfiguration.PROCESSING_GROUPS) {
            StreamingEventProcessor processor = processor(group);
            Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
            double covered = statuses.values().stream()
                    .mapToDouble(status -> 1.0 / (status.getSegment().getMask() + 1)).sum();
            if (Math.abs(covered - 1.0) > 1e-9 || processor.isError()) {
                return false;
            }
            for (EventTrackerStatus status : statuses.values()) {
                TrackingToken token = status.getTrackingToken();
                if (status.isErrorState() || head != null && (token == null || !token.covers(head))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A GraphQL request over HTTP as the caller; the whole response ({@code data} and {@code errors}). */
    public JsonNode graphQl(String caller, String document, Map<String, Object> variables) {
        return graphQl(caller, document, variables, 200);
    }

    /**
     * A document GraphQL refuses before executing it (bad syntax, a missing argument): as GraphQL over HTTP asks for
     * {@code application/graphql-response+json}, a 400 whose body is a GraphQL response with the errors.
     */
    public JsonNode graphQlRequestError(String caller, String document) {
        return graphQl(caller, document, Map.of(), 400);
    }

    private JsonNode graphQl(String caller, String document, Map<String, Object> variables, int status) {
        byte[] body = http().post().uri("/graphql")
                .headers(headers -> {
                    if (caller != null) {
                        headers.set(TestCaller.CALLER, caller);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_GRAPHQL_RESPONSE)
                .bodyValue(Map.of("query", document, "variables", variables))
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public StreamingEventProcessor processor(String group) {
        return bean(EventProcessingConfiguration.class).eventProcessor(group, StreamingEventProcessor.class)
                .orElseThrow();
    }

    private String statuses() {
        return QuerySideConfiguration.PROCESSING_GROUPS.stream()
                .map(group -> group + "=" + processor(group).processingStatus().values())
                .toList().toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
        storage.close();
    }

    /** Where the read models live. */
    public enum Storage { SQLITE, MONGO }

    @Import({Application.class, SqliteReadModelConfiguration.class})
    static class SqliteApplication {
    }

    @Import({Application.class, MongoReadModelConfiguration.class})
    static class MongoApplication {
    }

    /** Processors without a transaction: each store write commits on its own, as Axon's default runs it. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {MongoAutoConfiguration.class, MongoDataAutoConfiguration.class,
                                       ReactiveUserDetailsServiceAutoConfiguration.class,
                                       DataSourceAutoConfiguration.class,
                                       DataSourceTransactionManagerAutoConfiguration.class,
                                       JdbcTemplateAutoConfiguration.class, JdbcAutoConfiguration.class})
    @Import(QuerySideConfiguration.class)
    static class Application {

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        @Bean
        CommandTimeout commandTimeout() {
            return new CommandTimeout(Duration.ofSeconds(10));
        }

        @Bean
        FakeCommandSide fakeCommandSide(EventBus eventBus) {
            return new FakeCommandSide(eventBus);
        }

        @Bean
        WebFilter testCaller() {
            return new TestCaller();
        }
    }

    /** Names of the collections of a projection's serving version, for comparing read models. */
    public List<String> servingCollections(ProjectionDefinition projection) {
        int version = versions().find(projection.name()).serving();
        return projection.collections().stream().map(base -> ProjectionVersions.collection(base, version)).toList();
    }
}

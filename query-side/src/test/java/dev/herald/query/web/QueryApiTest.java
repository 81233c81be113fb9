package dev.herald.query.web;

import dev.herald.query.live.QueryEmitterInboxUpdates;
import static dev.herald.query.TestEvents.at;
import static dev.herald.query.TestEvents.attemptStarted;
import static dev.herald.query.TestEvents.read;
import static dev.herald.query.TestEvents.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.SkipReason;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import dev.herald.query.storage.SqliteStorage;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.status.NotificationStatusProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.json.Jackson2JsonEncoder;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The HTTP API over real Axon buses: the projections answer queries from a real SQLite database and commands are
 * captured where the command side would handle them. Callers are set per request through test headers.
 */
class QueryApiTest {

    private static final String CALLER = "X-Test-Caller";
    private static final String AUTHORITIES = "X-Test-Authorities";
    private static final String CODE = "X-Test-Code";

    private static SqliteStorage storage;
    private final List<Object> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<String> commandThreads = Collections.synchronizedList(new ArrayList<>());
    private AnnotationEventHandlerAdapter inbox;
    private AnnotationEventHandlerAdapter status;
    private WebTestClient client;

    @BeforeAll
    static void startStorage() {
        storage = new SqliteStorage();
    }

    @AfterAll
    static void stopStorage() {
        storage.close();
    }

    @BeforeEach
    void wireBuses() {
        storage.clear();
        ProjectionVersions versions = storage.versions();
        InboxProjection inboxProjection = new InboxProjection(storage.inboxStore(), versions,
                                                              new QueryEmitterInboxUpdates(SimpleQueryUpdateEmitter.builder().build()));
        NotificationStatusProjection statusProjection = new NotificationStatusProjection(storage.statusStore(),
                                                                                         storage.inboxStore(), versions);
        inbox = new AnnotationEventHandlerAdapter(inboxProjection);
        status = new AnnotationEventHandlerAdapter(statusProjection);

        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(inboxProjection).subscribe(queryBus);
        new AnnotationQueryHandlerAdapter<>(statusProjection).subscribe(queryBus);
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        for (Class<?> command : List.of(MarkNotificationReadCommand.class, MarkNotificationUnreadCommand.class,
                                        ArchiveNotificationCommand.class)) {
            commandBus.subscribe(command.getName(), message -> {
                commands.add(message.getPayload());
                commandThreads.add(Thread.currentThread().getName());
                return null;
            });
        }
        DefaultQueryGateway queryGateway = DefaultQueryGateway.builder().queryBus(queryBus).build();
        DefaultCommandGateway commandGateway = DefaultCommandGateway.builder().commandBus(commandBus).build();

        GatewayCalls calls = new GatewayCalls(new CommandTimeout(Duration.ofSeconds(10)));
        client = WebTestClient
                .bindToController(new RecipientInboxController(new InboxActions(queryGateway, commandGateway, calls)),
                                  new NotificationStatusController(queryGateway, calls))
                .controllerAdvice(new DetailAsBody())
                .httpMessageCodecs(codecs -> codecs.defaultCodecs().jackson2JsonEncoder(new Jackson2JsonEncoder(
                        // as Spring Boot configures it: times as ISO-8601 text
                        Jackson2ObjectMapperBuilder.json()
                                .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build())))
                .webFilter(new TestCaller())
                .build();
    }

    @Test
    void theInboxListsOnlyTheCallersNotificationsPageByPage() throws Exception {
        publish(sent("n1", "r1"), at(1));
        publish(sent("n2", "r1"), at(2));
        publish(sent("n3", "r1"), at(3));
        publish(sent("theirs", "r2"), at(4));

        InboxPage first = client.get().uri("/api/v1/me/notifications?limit=2").header(CALLER, "r1")
                .exchange()
                .expectStatus().isOk()
                .expectBody(InboxPage.class).returnResult().getResponseBody();
        assertThat(first.items()).extracting("id").containsExactly("n3", "n2");

        client.get().uri("/api/v1/me/notifications?limit=2").header(CALLER, "r1").exchange()
                .expectBody()
                .jsonPath("$.items[0].id").isEqualTo("n3")
                .jsonPath("$.items[0].title").isEqualTo("Title n3")
                .jsonPath("$.items[0].body").isEqualTo("Body n3")
                .jsonPath("$.items[0].category").isEqualTo("billing")
                .jsonPath("$.items[0].priority").isEqualTo("NORMAL")
                .jsonPath("$.items[0].data.ref").isEqualTo("n3")
                .jsonPath("$.items[0].read").isEqualTo(false)
                .jsonPath("$.items[0].archived").isEqualTo(false)
                .jsonPath("$.items[0].createdAt").isEqualTo("2025-03-01T09:00:03.123Z")
                .jsonPath("$.nextCursor").isEqualTo(first.nextCursor());

        client.get().uri(builder -> builder.path("/api/v1/me/notifications")
                        .queryParam("limit", 2).queryParam("cursor", first.nextCursor()).build())
                .header(CALLER, "r1")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo("n1")
                .jsonPath("$.nextCursor").doesNotExist();
    }

    @Test
    void theDefaultPageHoldsTwentyItems() throws Exception {
        for (int i = 0; i < 25; i++) {
            publish(sent("n" + i, "r1"), at(i));
        }

        client.get().uri("/api/v1/me/notifications").header(CALLER, "r1").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(20);
    }

    @Test
    void aLimitOutsideOneToAHundredIsABadRequestNamingTheParameter() {
        for (String limit : new String[] {"0", "101", "-1", "ten", "", "2.5"}) {
            client.get().uri(builder -> builder.path("/api/v1/me/notifications").queryParam("limit", limit).build())
                    .header(CALLER, "r1")
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().valueEquals(CODE, "INVALID_REQUEST")
                    .expectBody(String.class).value(reason -> assertThat(reason).as(limit).startsWith("limit: "));
        }
        client.get().uri("/api/v1/me/notifications?limit=100").header(CALLER, "r1").exchange()
                .expectStatus().isOk();
    }

    @Test
    void aCursorThisApiDidNotMakeIsABadRequestNamingTheParameter() {
        for (String cursor : new String[] {"garbage!", "bm9wZQ", "LTEuMg", "MS4yLjM"}) {
            client.get().uri(builder -> builder.path("/api/v1/me/notifications").queryParam("cursor", cursor).build())
                    .header(CALLER, "r1")
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().valueEquals(CODE, "INVALID_REQUEST")
                    .expectBody(String.class).value(reason -> assertThat(reason).as(cursor).startsWith("cursor: "));
        }
    }

    @Test
    void theUnreadCountCountsTheCallersInbox() throws Exception {
        publish(sent("n1", "r1"), at(1));
        publish(sent("n2", "r1"), at(2));
        publish(read("n1", "r1"), at(3));

        client.get().uri("/api/v1/me/unread-count").header(CALLER, "r1").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"unread\": 1, \"total\": 2, "
                                   + "\"categories\": {\"billing\": {\"unread\": 1, \"total\": 2}}}", true);
        client.get().uri("/api/v1/me/unread-count").header(CALLER, "someone-else").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"unread\": 0, \"total\": 0, \"categories\": {}}", true);
    }

    @Test
    void readUnreadAndArchiveSendTheCommandForTheCallerOffTheEventLoop() {
        client.post().uri("/api/v1/me/notifications/n1/read").header(CALLER, "r1").exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
        client.post().uri("/api/v1/me/notifications/n1/unread").header(CALLER, "r1").exchange()
                .expectStatus().isNoContent();
        client.post().uri("/api/v1/me/notifications/n2/archive").header(CALLER, "r1").exchange()
                .expectStatus().isNoContent();

        assertThat(commands).containsExactly(new MarkNotificationReadCommand("n1", "r1"),
                                             new MarkNotificationUnreadCommand("n1", "r1"),
                                             new ArchiveNotificationCommand("n2", "r1"));
        assertThat(commandThreads).allSatisfy(thread -> assertThat(thread).startsWith("boundedElastic"));
    }

    @Test
    void withoutAPrincipalNothingIsAnsweredOrSent() {
        client.get().uri("/api/v1/me/notifications").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/me/unread-count").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/me/notifications/n1/read").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/notifications/n1").exchange().expectStatus().isUnauthorized();
        assertThat(commands).isEmpty();
    }

    @Test
    void aSenderSeesTheStatusOfItsOwnNotification() throws Exception {
        publish(sent("n1", "r1", Set.of(Channel.EMAIL, Channel.SMS), Map.of(Channel.SMS, SkipReason.OPTED_OUT),
                     null), at(1));
        publish(attemptStarted("n1", Channel.EMAIL, 1), at(2));

        client.get().uri("/api/v1/notifications/n1").header(CALLER, "sender-1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.notificationId").isEqualTo("n1")
                .jsonPath("$.status").isEqualTo("ACCEPTED")
                .jsonPath("$.category").isEqualTo("billing")
                .jsonPath("$.priority").isEqualTo("NORMAL")
                .jsonPath("$.recipientId").isEqualTo("r1")
                .jsonPath("$.requestedChannels").isEqualTo(List.of("EMAIL", "SMS"))
                .jsonPath("$.skippedChannels.SMS").isEqualTo("OPTED_OUT")
                .jsonPath("$.channels[0].channel").isEqualTo("EMAIL")
                .jsonPath("$.channels[0].status").isEqualTo("PENDING")
                .jsonPath("$.channels[0].attempts[0].attempt").isEqualTo(1)
                .jsonPath("$.channels[0].attempts[0].at").isEqualTo("2025-03-01T09:00:02.123Z")
                .jsonPath("$.channels[1].status").isEqualTo("SKIPPED")
                .jsonPath("$.createdAt").isEqualTo("2025-03-01T09:00:01.123Z")
                .jsonPath("$.sendAt").doesNotExist();
    }

    @Test
    void anotherSendersNotificationIsNotFoundButAnAdminSeesIt() throws Exception {
        publish(sent("n1", "r1"), at(1));

        client.get().uri("/api/v1/notifications/n1").header(CALLER, "sender-2")
                .header(AUTHORITIES, "SCOPE_send").exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals(CODE, "NOTIFICATION_NOT_FOUND")
                .expectBody(String.class).isEqualTo("notification 'n1' not found");
        client.get().uri("/api/v1/notifications/n1").header(CALLER, "r1").exchange()
                .expectStatus().isNotFound();
        client.get().uri("/api/v1/notifications/n1").header(CALLER, "ops").header(AUTHORITIES, "SCOPE_admin")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.notificationId").isEqualTo("n1");
    }

    @Test
    void anUnknownNotificationIsNotFound() {
        client.get().uri("/api/v1/notifications/nope").header(CALLER, "ops").header(AUTHORITIES, "SCOPE_admin")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals(CODE, "NOTIFICATION_NOT_FOUND")
                .expectBody(String.class).isEqualTo("notification 'nope' not found");
    }

    @Test
    void aCallWithoutAnswerEndsAsATimeout() {
        GatewayCalls calls = new GatewayCalls(new CommandTimeout(Duration.ofMillis(50)));
        Mono<Object> neverAnswered = calls.call(CompletableFuture::new);

        assertThatThrownBy(neverAnswered::block)
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
    }

    private void publish(Object event, Instant at) throws Exception {
        GenericEventMessage<Object> message = new GenericEventMessage<>(
                "event-" + System.nanoTime(), event, MetaData.emptyInstance(), at);
        if (inbox.canHandle(message)) {
            inbox.handle(message);
        }
        if (status.canHandle(message)) {
            status.handle(message);
        }
    }

    /** Stands in for the app's security: the caller's name and authorities come from test headers. */
    private static final class TestCaller implements WebFilter {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String caller = exchange.getRequest().getHeaders().getFirst(CALLER);
            if (caller == null) {
                return chain.filter(exchange);
            }
            String authorities = exchange.getRequest().getHeaders().getFirst(AUTHORITIES);
            TestingAuthenticationToken authentication = authorities == null
                    ? new TestingAuthenticationToken(caller, null)
                    : new TestingAuthenticationToken(caller, null, authorities.split(","));
            return chain.filter(exchange.mutate().principal(Mono.just(authentication)).build());
        }
    }

    /**
     * Stands in for the app's problem+json advice with the same mapping: the detail becomes the body and the code a
     * header, so tests can read them.
     */
    @RestControllerAdvice
    static class DetailAsBody {

        @ExceptionHandler(Throwable.class)
        ResponseEntity<String> detail(Throwable failure) {
            ApiError error = ApiError.of(failure);
            return ResponseEntity.status(error.status()).header(CODE, error.code().name()).body(error.detail());
        }
    }
}

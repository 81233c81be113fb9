package dev.herald.wiring;

import static dev.herald.command.CommandTestMessages.NOTIFICATION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.command.CommandSideConfiguration;
import dev.herald.command.web.ItemProblems;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The command side as the app gets it: {@link CommandSideConfiguration} imported from outside its package, under
 * Axon's auto-configuration, with an in-memory event store.
 */
@SpringBootTest(classes = CommandSideWiringTest.App.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.serializer.general=jackson",
        "server.error.include-message=always"})
class CommandSideWiringTest {

    private static final String SENDER_ID = "acme-shop";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(CommandSideConfiguration.class)
    static class App {

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        @Bean
        CommandTimeout commandTimeout() {
            return new CommandTimeout(Duration.ofSeconds(10));
        }

        /** The app maps failures with its one error mapping; this wiring test needs only the bean's presence. */
        @Bean
        ItemProblems itemProblems() {
            return failure -> ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, failure.getMessage());
        }
    }

    @Autowired
    private ApplicationContext context;
    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private EventStore eventStore;

    private WebTestClient client;

    @BeforeEach
    void setUp() {
        Principal sender = () -> SENDER_ID;
        client = WebTestClient.bindToApplicationContext(context)
                              .webFilter((exchange, chain) -> chain.filter(
                                      exchange.mutate().principal(Mono.just(sender)).build()))
                              .configureClient()
                              .build();
    }

    @Test
    void axonNamesTheRecipientRepositoryAfterTheAggregate() {
        assertThat(context.getBean("recipientRepository")).isInstanceOf(Repository.class);
    }

    @Test
    void aSendSkipsWhatTheRecipientHadOptedOutOfAndARepeatIsAnsweredFromTheStore() {
        client.put().uri("/api/v1/recipients/{id}", "wired-1")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("email", "ada@example.com", "pushTokens", List.of("token-1")))
              .exchange()
              .expectStatus().isCreated()
              .expectBody().json("{\"recipientId\":\"wired-1\",\"created\":true}");
        client.put().uri("/api/v1/recipients/{id}", "wired-1")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("email", "ada@example.com", "pushTokens", List.of("token-1")))
              .exchange()
              .expectStatus().isOk()
              .expectBody().json("{\"recipientId\":\"wired-1\",\"created\":false}");
        client.post().uri("/api/v1/recipients/{id}/subscriptions/cancel", "wired-1")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("category", "billing", "channels", List.of("push")))
              .exchange()
              .expectStatus().isOk()
              .expectBody().json("{\"recipientId\":\"wired-1\",\"category\":\"billing\",\"channels\":[\"PUSH\"],"
                                 + "\"subscribed\":false}");

        String location = client.post().uri("/api/v1/notifications")
                                .header("Idempotency-Key", "order-1")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(sendBody("wired-1", null))
                                .exchange()
                                .expectStatus().isAccepted()
                                .expectHeader().doesNotExist("Idempotent-Replayed")
                                .expectBody().jsonPath("$.status").isEqualTo("ACCEPTED")
                                .returnResult().getResponseHeaders().getLocation().toString();
        String notificationId = location.substring(location.lastIndexOf('/') + 1);

        NotificationSentEvent sent = sentEvent(notificationId);
        assertThat(sent.senderId()).isEqualTo(SENDER_ID);
        assertThat(sent.skippedChannels()).isEqualTo(Map.of(Channel.PUSH, SkipReason.OPTED_OUT,
                                                            Channel.SMS, SkipReason.NO_CONTACT_POINT));

        client.post().uri("/api/v1/notifications")
              .header("Idempotency-Key", "order-1")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(sendBody("wired-1", null))
              .exchange()
              .expectStatus().isAccepted()
              .expectHeader().valueEquals("Idempotent-Replayed", "true")
              .expectHeader().location(location)
              .expectBody().json("{\"notificationId\":\"" + notificationId + "\",\"status\":\"ACCEPTED\"}");

        client.post().uri("/api/v1/recipients/{id}/subscriptions/renew", "wired-1")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("category", "*"))
              .exchange()
              .expectStatus().isOk()
              .expectBody().json("{\"category\":\"*\",\"channels\":[\"EMAIL\",\"SMS\",\"PUSH\",\"WEBHOOK\",\"IN_APP\"],"
                                 + "\"subscribed\":true}");
        String later = client.post().uri("/api/v1/notifications")
                             .contentType(MediaType.APPLICATION_JSON)
                             .bodyValue(sendBody("wired-1", null))
                             .exchange()
                             .expectStatus().isAccepted()
                             .expectBody(Map.class).returnResult().getResponseBody().get("notificationId").toString();
        assertThat(sentEvent(later).skippedChannels()).isEqualTo(Map.of(Channel.SMS, SkipReason.NO_CONTACT_POINT));
    }

    private NotificationSentEvent sentEvent(String notificationId) {
        return (NotificationSentEvent) eventStore.readEvents(notificationId).asStream()
                                                 .map(DomainEventMessage::getPayload)
                                                 .findFirst().orElseThrow();
    }

    @Test
    void aScheduledSendCanBeCancelledByItsSender() {
        client.put().uri("/api/v1/recipients/{id}", "wired-2")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("email", "grace@example.com"))
              .exchange()
              .expectStatus().isCreated();
        String sendAt = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        String notificationId = client.post().uri("/api/v1/notifications")
                                      .contentType(MediaType.APPLICATION_JSON)
                                      .bodyValue(sendBody("wired-2", sendAt))
                                      .exchange()
                                      .expectStatus().isAccepted()
                                      .expectBody(Map.class).returnResult().getResponseBody()
                                      .get("notificationId").toString();

        client.post().uri("/api/v1/notifications/{id}/cancel", notificationId)
              .exchange()
              .expectStatus().isOk()
              .expectBody().json("{\"notificationId\":\"" + notificationId + "\",\"status\":\"CANCELLED\"}");
    }

    @Test
    void badInputIsA400NamingTheField() {
        client.post().uri("/api/v1/notifications")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of("recipientId", "wired-1", "category", "billing", "channels", List.of("FAX"),
                                "title", "Hi"))
              .exchange()
              .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
              .expectBody().jsonPath("$.message").value(message -> assertThat(message.toString()).contains(
                      "channels: unknown channel 'FAX', expected one of EMAIL, SMS, PUSH, WEBHOOK, IN_APP"));
        client.post().uri("/api/v1/notifications")
              .contentType(MediaType.APPLICATION_JSON)
              .exchange()
              .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST);
        client.put().uri("/api/v1/recipients/{id}", "-bad")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(Map.of())
              .exchange()
              .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void ruleViolationsCrossTheBusAsErrorDetails() {
        assertRejectedWith(new CancelSubscriptionCommand("nobody", "billing", Set.of()),
                           new ErrorDetails(ErrorCode.RECIPIENT_NOT_FOUND, "recipient 'nobody' not found"));
        assertRejectedWith(new SendNotificationCommand(NOTIFICATION_ID, SENDER_ID, "nobody", "billing",
                                                       Priority.NORMAL, Set.of(Channel.EMAIL), "Hi", "", Map.of(),
                                                       null, "fingerprint"),
                           new ErrorDetails(ErrorCode.RECIPIENT_NOT_FOUND, "recipient 'nobody' not found"));
        assertRejectedWith(new MarkNotificationReadCommand(NOTIFICATION_ID, "nobody"),
                           new ErrorDetails(ErrorCode.NOTIFICATION_NOT_FOUND,
                                            "notification '" + NOTIFICATION_ID + "' not found"));
    }

    private void assertRejectedWith(Object command, ErrorDetails details) {
        assertThatThrownBy(() -> commandGateway.sendAndWait(command))
                .isInstanceOfSatisfying(CommandExecutionException.class,
                                        e -> assertThat(e.getDetails()).contains(details));
    }

    private static Map<String, Object> sendBody(String recipientId, String sendAt) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "recipientId", recipientId, "category", "billing", "channels", List.of("EMAIL", "SMS", "PUSH"),
                "title", "Your invoice", "body", "It is ready.", "data", Map.of("amount", 42)));
        if (sendAt != null) {
            body.put("sendAt", sendAt);
        }
        return body;
    }
}

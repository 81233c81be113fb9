package dev.herald.command.web;

import static dev.herald.command.CommandTestMessages.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.notification.CancelNotificationCommand;
import dev.herald.api.notification.NotificationState;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.notification.SendNotificationResult;
import dev.herald.command.digest.DigestProperties;
import dev.herald.command.template.TemplateEngine;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

class NotificationControllerTest {

    private static final String SENDER_ID = "acme-shop";
    private static final Principal SENDER = () -> SENDER_ID;
    private static final Map<String, Object> BODY = Map.of("recipientId", "ada", "category", "billing",
                                                           "channels", List.of("EMAIL"), "title", "Hi");

    private final CommandGateway commandGateway = mock(CommandGateway.class);
    private final InFlightRequests inFlightRequests = new InFlightRequests();
    private NotificationController controller;
    private WebTestClient asSender;
    private WebTestClient anonymous;

    @BeforeEach
    void setUp() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(
                Map.of("clock", Clock.fixed(NOW, ZoneOffset.UTC)));
        CommandCalls calls = new CommandCalls(new CommandTimeout(Duration.ofSeconds(10)));
        controller = new NotificationController(commandGateway, inFlightRequests, calls,
                new TemplateRendering(mock(QueryGateway.class), calls, new TemplateEngine()),
                beans.getBeanProvider(Clock.class), new DigestProperties(Duration.ofSeconds(10), Duration.ofDays(1)));
        asSender = WebTestClient.bindToController(controller)
                                .webFilter((exchange, chain) -> chain.filter(
                                        exchange.mutate().principal(Mono.just(SENDER)).build()))
                                .build();
        anonymous = WebTestClient.bindToController(controller).build();
    }

    @Test
    void aKeyedSendGoesToTheIdDerivedFromSenderAndKeyAndAnswers202WithItsLocation() {
        String expectedId = NotificationContent.notificationIdFor(SENDER_ID, "order-1");
        answerSend(new SendNotificationResult(expectedId, NotificationState.ACCEPTED, false));

        asSender.post().uri("/api/v1/notifications")
                .header("Idempotency-Key", "order-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().location("/api/v1/notifications/" + expectedId)
                .expectHeader().doesNotExist("Idempotent-Replayed")
                .expectBody().json("{\"notificationId\":\"" + expectedId + "\",\"status\":\"ACCEPTED\"}");

        SendNotificationCommand command = sentCommand();
        assertThat(command.notificationId()).isEqualTo(expectedId);
        assertThat(command.senderId()).isEqualTo(SENDER_ID);
    }

    @Test
    void aRepeatAnswersTheSameAndSaysItWasReplayed() {
        String id = NotificationContent.notificationIdFor(SENDER_ID, "order-1");
        answerSend(new SendNotificationResult(id, NotificationState.SCHEDULED, true));

        asSender.post().uri("/api/v1/notifications")
                .header("Idempotency-Key", "order-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().json("{\"notificationId\":\"" + id + "\",\"status\":\"SCHEDULED\"}");
    }

    @Test
    void withoutAKeyEverySendIsANewNotification() {
        answerSend(new SendNotificationResult("ignored", NotificationState.ACCEPTED, false));

        asSender.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY)
                .exchange().expectStatus().isAccepted();
        asSender.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY)
                .exchange().expectStatus().isAccepted();

        ArgumentCaptor<SendNotificationCommand> commands = ArgumentCaptor.forClass(SendNotificationCommand.class);
        verify(commandGateway, times(2)).send(commands.capture());
        assertThat(commands.getAllValues()).extracting(SendNotificationCommand::notificationId)
                                           .doesNotHaveDuplicates()
                                           .allMatch(RequestChecks::isNotificationId);
    }

    @Test
    void aDuplicateWhileTheFirstIsInFlightIsRefused() {
        inFlightRequests.exclusively(NotificationContent.notificationIdFor(SENDER_ID, "order-1"),
                                     CompletableFuture::new);
        SendNotificationRequest request = new SendNotificationRequest("ada", "billing", null, List.of("EMAIL"), "Hi",
                                                                      null, null, null);

        assertThatThrownBy(() -> controller.send("order-1", request, Mono.just(SENDER)).block())
                .isInstanceOfSatisfying(HeraldException.class,
                                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void sendAtIsJudgedByTheClockBean() {
        asSender.post().uri("/api/v1/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientId", "ada", "category", "billing", "channels", List.of("EMAIL"),
                                  "title", "Hi", "sendAt", NOW.minusSeconds(60).toString()))
                .exchange()
                .expectStatus().isBadRequest();
        verifyNoInteractions(commandGateway);
    }

    @Test
    void aDigestIsPassedOnInCanonicalFormAndChangesTheFingerprint() {
        answerSend(new SendNotificationResult("id", NotificationState.ACCEPTED, false));
        Map<String, Object> body = new java.util.HashMap<>(BODY);
        body.put("digest", Map.of("key", "comments", "window", "pt10m"));

        asSender.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isAccepted();

        SendNotificationCommand command = sentCommand();
        assertThat(command.digest()).isEqualTo(new DigestRequest("comments", "PT10M"));
        assertThat(command.requestFingerprint())
                .isNotEqualTo(new SendNotificationRequest("ada", "billing", null, List.of("EMAIL"), "Hi", null, null,
                                                          null).validated(NOW).fingerprint());
    }

    @Test
    void aBadDigestIsRefusedNamingTheField() {
        Map<String, Map<String, Object>> refusals = new java.util.LinkedHashMap<>();
        refusals.put("digest.key", Map.of("key", "a/b", "window", "PT10M"));
        refusals.put("digest.key ", Map.of("key", " ", "window", "PT10M"));
        refusals.put("digest.window", Map.of("key", "comments", "window", "hourly"));
        refusals.put("digest.window ", Map.of("key", "comments", "window", "PT1S"));
        refusals.put("digest", Map.of("key", "comments", "window", "daily@08:00"));
        refusals.forEach((field, digest) -> {
            Map<String, Object> body = new java.util.HashMap<>(BODY);
            body.put("digest", digest);
            if (field.equals("digest")) {
                body.put("channels", List.of("IN_APP", "WEBHOOK"));
            }
            asSender.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange()
                    .expectStatus().isBadRequest();
            SendNotificationRequest request = new ObjectMapper().convertValue(body, SendNotificationRequest.class);
            assertThatThrownBy(() -> RequestChecks.digestWithin(request.validated(NOW).digest(),
                                                                new DigestProperties(Duration.ofSeconds(10),
                                                                                     Duration.ofDays(1))))
                    .as("%s", digest)
                    .isInstanceOfSatisfying(ServerWebInputException.class,
                                            e -> assertThat(e.getReason()).startsWith(field.strip() + ":"));
        });
        verifyNoInteractions(commandGateway);
    }

    @Test
    void aSendWithoutAnAuthenticatedSenderIsRefused() {
        anonymous.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY)
                 .exchange()
                 .expectStatus().isUnauthorized();
        verifyNoInteractions(commandGateway);
    }

    @Test
    void theSenderCancelsByIdAndAnythingThatIsNotAnIdIsNotFound() {
        String id = NotificationContent.notificationIdFor(SENDER_ID, "order-1");
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        asSender.post().uri("/api/v1/notifications/{id}/cancel", id.toUpperCase())
                .exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"notificationId\":\"" + id + "\",\"status\":\"CANCELLED\"}");
        verify(commandGateway).send(new CancelNotificationCommand(id, SENDER_ID));

        assertThatThrownBy(() -> controller.cancel("not-an-id", Mono.just(SENDER)))
                .isInstanceOfSatisfying(HeraldException.class,
                                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOTIFICATION_NOT_FOUND));
    }

    private void answerSend(SendNotificationResult result) {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(result));
    }

    private SendNotificationCommand sentCommand() {
        ArgumentCaptor<SendNotificationCommand> command = ArgumentCaptor.forClass(SendNotificationCommand.class);
        verify(commandGateway).send(command.capture());
        return command.getValue();
    }
}

package dev.herald.saga.channel;

import static dev.herald.saga.SagaTestMessages.BODY;
import static dev.herald.saga.SagaTestMessages.CATEGORY;
import static dev.herald.saga.SagaTestMessages.CONTACT_POINTS;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.RECIPIENT_ID;
import static dev.herald.saga.SagaTestMessages.TITLE;
import static dev.herald.saga.SagaTestMessages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.saga.channel.DeliveryOutcome.Failed;
import dev.herald.saga.channel.ScriptedHttpServer.Answer;
import dev.herald.saga.channel.ScriptedHttpServer.Received;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookAdapterIT {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
                                                       .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                                                       .build();

    private final HttpDelivery http = new HttpDelivery(Duration.ofSeconds(2), Duration.ofSeconds(2),
                                                       Clock.fixed(NOW, ZoneOffset.UTC));
    private final WebhookAdapter adapter = new WebhookAdapter(http, WebhookSecrets.NONE, List.of(SECRET), JSON);

    private static ContactPoints webhookAt(String url) {
        return new ContactPoints(null, null, null, url, null, null);
    }

    @Test
    void postsTheSignedNotificationWithAStableIdempotencyKey() throws Exception {
        try (ScriptedHttpServer receiver = new ScriptedHttpServer(Answer.status(204))) {
            DeliveryOutcome outcome = adapter.deliver(request(webhookAt(receiver.url("/hooks/herald?k=1").toString()),
                                                              Channel.WEBHOOK, 1));

            assertThat(outcome).isEqualTo(DeliveryOutcome.delivered());
            Received received = receiver.received().get(0);
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.path()).isEqualTo("/hooks/herald?k=1");
            assertThat(received.header("Content-Type")).isEqualTo("application/json");
            assertThat(received.header("Idempotency-Key")).isEqualTo(NOTIFICATION_ID + ":WEBHOOK");
            assertThat(received.header("webhook-id")).isEqualTo(NOTIFICATION_ID + ":WEBHOOK");
            assertThat(received.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(received.header("webhook-signature")).isEqualTo(WebhookSignature.sign(
                    SECRET, NOTIFICATION_ID + ":WEBHOOK", NOW.getEpochSecond(), received.body()));
            JsonNode payload = JSON.readTree(received.body());
            assertThat(payload.get("id").asText()).isEqualTo(NOTIFICATION_ID);
            assertThat(payload.get("recipientId").asText()).isEqualTo(RECIPIENT_ID);
            assertThat(payload.get("category").asText()).isEqualTo(CATEGORY);
            assertThat(payload.get("priority").asText()).isEqualTo("HIGH");
            assertThat(payload.get("title").asText()).isEqualTo(TITLE);
            assertThat(payload.get("body").asText()).isEqualTo(BODY);
            assertThat(payload.get("data").get("invoice").asText()).isEqualTo("2024-117");
            assertThat(payload.get("createdAt").asText()).isEqualTo("2030-01-01T09:00:00Z");
        }
    }

    @Test
    void unavailableReceiverIsRetryableThenDeliveredUnderTheSameKey() throws Exception {
        try (ScriptedHttpServer receiver = new ScriptedHttpServer(
                Answer.status(503).withHeader("Retry-After", "120").withBody("maintenance"), Answer.status(200))) {
            ContactPoints contact = webhookAt(receiver.url("/hook").toString());

            DeliveryOutcome first = adapter.deliver(request(contact, Channel.WEBHOOK, 1));
            DeliveryOutcome second = adapter.deliver(request(contact, Channel.WEBHOOK, 2));

            String origin = HttpDelivery.origin(receiver.url("/"));
            assertThat(first).isEqualTo(new Failed(origin + " answered 503: maintenance", true,
                                                   Duration.ofSeconds(120)));
            assertThat(second).isEqualTo(DeliveryOutcome.delivered());
            assertThat(receiver.received()).extracting(received -> received.header("Idempotency-Key"))
                                           .containsExactly(NOTIFICATION_ID + ":WEBHOOK", NOTIFICATION_ID + ":WEBHOOK");
        }
    }

    @Test
    void retryAfterAsHttpDateIsRead() throws Exception {
        try (ScriptedHttpServer receiver = new ScriptedHttpServer(
                Answer.status(429).withHeader("Retry-After", "Tue, 01 Jan 2030 09:02:00 GMT"))) {
            DeliveryOutcome outcome = adapter.deliver(request(webhookAt(receiver.url("/hook").toString()),
                                                              Channel.WEBHOOK, 1));

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.retryAfter()).isEqualTo(Duration.ofMinutes(2));
            });
        }
    }

    @Test
    void badRequestIsPermanent() throws Exception {
        Answer rejection = Answer.status(400).withBody("{\"error\":\"nope\"}");
        try (ScriptedHttpServer receiver = new ScriptedHttpServer(rejection)) {
            DeliveryOutcome outcome = adapter.deliver(request(webhookAt(receiver.url("/hook").toString()),
                                                              Channel.WEBHOOK, 1));

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.retryable()).isFalse();
                assertThat(failed.error()).contains("answered 400").contains("nope");
            });
        }
    }

    @Test
    void slowReceiverTimesOutAndIsRetryable() throws Exception {
        WebhookAdapter impatient = new WebhookAdapter(
                new HttpDelivery(Duration.ofSeconds(1), Duration.ofMillis(300), Clock.systemUTC()),
                WebhookSecrets.NONE, List.of(SECRET), JSON);
        try (ScriptedHttpServer receiver = new ScriptedHttpServer(Answer.status(200).after(Duration.ofSeconds(2)))) {
            DeliveryOutcome outcome = impatient.deliver(request(webhookAt(receiver.url("/hook").toString()),
                                                                Channel.WEBHOOK, 1));

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.error()).startsWith("no answer from http://127.0.0.1:");
            });
        }
    }

    @Test
    void unreachableReceiverIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DeliveryOutcome outcome = adapter.deliver(request(webhookAt("http://127.0.0.1:" + closedPort + "/hook"),
                                                          Channel.WEBHOOK, 1));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.error()).startsWith("cannot reach http://127.0.0.1:" + closedPort);
        });
    }

    @Test
    void invalidUrlOrMissingSecretFailsPermanently() {
        assertThat(adapter.deliver(request(webhookAt("ftp://example.com/x"), Channel.WEBHOOK, 1)))
                .isEqualTo(DeliveryOutcome.permanent("the recipient's webhook URL is not an absolute http(s) URL"));
        assertThat(new WebhookAdapter(http, WebhookSecrets.NONE, List.of(), JSON)
                           .deliver(request(CONTACT_POINTS, Channel.WEBHOOK, 1)))
                .isEqualTo(DeliveryOutcome.permanent("no webhook signing secret: neither the sender has one nor is one "
                                                             + "configured (herald.delivery.webhook.signing-secret)"));
    }

    @Test
    void theSendersOwnSecretsSignInsteadOfTheConfiguredOnes() throws Exception {
        String previous = "whsec_" + "A".repeat(43) + "=";
        String next = "whsec_" + "B".repeat(43) + "=";
        WebhookAdapter perSender = new WebhookAdapter(
                http, senderId -> "sender-1".equals(senderId) ? List.of(next, previous) : List.of(), List.of(SECRET),
                JSON);
        try (ScriptedHttpServer receiver = new ScriptedHttpServer(Answer.status(204), Answer.status(204))) {
            ContactPoints contact = webhookAt(receiver.url("/hook").toString());
            perSender.deliver(withSender(request(contact, Channel.WEBHOOK, 1), "sender-1"));
            perSender.deliver(withSender(request(contact, Channel.WEBHOOK, 1), "sender-2"));

            Received own = receiver.received().get(0);
            String id = NOTIFICATION_ID + ":WEBHOOK";
            long at = NOW.getEpochSecond();
            assertThat(own.header("webhook-signature")).isEqualTo(
                    WebhookSignature.sign(next, id, at, own.body()) + " "
                            + WebhookSignature.sign(previous, id, at, own.body()));
            Received configured = receiver.received().get(1);
            assertThat(configured.header("webhook-signature"))
                    .isEqualTo(WebhookSignature.sign(SECRET, id, at, configured.body()));
        }
    }

    private static DeliveryRequest withSender(DeliveryRequest request, String senderId) {
        return new DeliveryRequest(request.notificationId(), request.recipientId(), request.category(),
                                   request.priority(), request.title(), request.body(), request.data(),
                                   request.createdAt(), request.contactPoints(), request.channel(), request.attempt(),
                                   senderId);
    }
}

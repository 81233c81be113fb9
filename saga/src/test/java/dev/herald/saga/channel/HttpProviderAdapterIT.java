package dev.herald.saga.channel;

import static dev.herald.saga.SagaTestMessages.BODY;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.TITLE;
import static dev.herald.saga.SagaTestMessages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.PushContent;
import dev.herald.api.template.SmsContent;
import dev.herald.api.template.TemplateRef;
import dev.herald.saga.channel.DeliveryOutcome.Failed;
import dev.herald.saga.channel.ScriptedHttpServer.Answer;
import dev.herald.saga.channel.ScriptedHttpServer.Received;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpProviderAdapterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpDelivery http = new HttpDelivery(Duration.ofSeconds(2), Duration.ofSeconds(2),
                                                       Clock.systemUTC());

    @Test
    void smsProviderGetsTheTextWithTokenAndIdempotencyKey() throws Exception {
        try (ScriptedHttpServer provider = new ScriptedHttpServer(Answer.status(202))) {
            HttpProviderAdapter sms = HttpProviderAdapter.sms(http, provider.url("/v1/messages"), "sms-token", JSON);

            assertThat(sms.deliver(request(Channel.SMS, 1))).isEqualTo(DeliveryOutcome.delivered());

            Received received = provider.received().get(0);
            assertThat(received.header("Authorization")).isEqualTo("Bearer sms-token");
            assertThat(received.header("Idempotency-Key")).isEqualTo(NOTIFICATION_ID + ":SMS");
            JsonNode message = JSON.readTree(received.body());
            assertThat(message.get("to").asText()).isEqualTo("+15550100");
            assertThat(message.get("text").asText()).isEqualTo(TITLE + "\n" + BODY);
            assertThat(message.get("id").asText()).isEqualTo(NOTIFICATION_ID);
        }
    }

    @Test
    void smsAndPushSendTheTemplatesContentForTheirChannelWhenTheNotificationHasOne() throws Exception {
        ChannelContents content = new ChannelContents(new InAppContent("In-app title", "In-app body"), null,
                                                      new SmsContent("SMS: order 17 shipped"),
                                                      new PushContent("Push: shipped", "Order 17"), null);
        try (ScriptedHttpServer provider = new ScriptedHttpServer(Answer.status(200), Answer.status(200))) {
            HttpProviderAdapter sms = HttpProviderAdapter.sms(http, provider.url("/sms"), null, JSON);
            HttpProviderAdapter push = HttpProviderAdapter.push(http, provider.url("/push"), null, JSON);

            assertThat(sms.deliver(templated(request(Channel.SMS, 1), content))).isEqualTo(DeliveryOutcome.delivered());
            assertThat(push.deliver(templated(request(Channel.PUSH, 1), content)))
                    .isEqualTo(DeliveryOutcome.delivered());

            assertThat(JSON.readTree(provider.received().get(0).body()).get("text").asText())
                    .isEqualTo("SMS: order 17 shipped");
            JsonNode message = JSON.readTree(provider.received().get(1).body());
            assertThat(message.get("title").asText()).isEqualTo("Push: shipped");
            assertThat(message.get("body").asText()).isEqualTo("Order 17");
        }
    }

    private static DeliveryRequest templated(DeliveryRequest request, ChannelContents content) {
        return new DeliveryRequest(request.notificationId(), request.recipientId(), request.category(),
                                   request.priority(), request.title(), request.body(), request.data(),
                                   request.createdAt(), request.contactPoints(), request.channel(), request.attempt(),
                                   request.senderId(), new TemplateRef("order-shipped", 1, "en"), content);
    }

    @Test
    void pushProviderGetsEveryDeviceToken() throws Exception {
        try (ScriptedHttpServer provider = new ScriptedHttpServer(Answer.status(200))) {
            HttpProviderAdapter push = HttpProviderAdapter.push(http, provider.url("/push"), "push-token", JSON);

            assertThat(push.deliver(request(Channel.PUSH, 1))).isEqualTo(DeliveryOutcome.delivered());

            Received received = provider.received().get(0);
            assertThat(received.header("Authorization")).isEqualTo("Bearer push-token");
            assertThat(received.header("Idempotency-Key")).isEqualTo(NOTIFICATION_ID + ":PUSH");
            JsonNode message = JSON.readTree(received.body());
            assertThat(message.get("tokens")).extracting(JsonNode::asText).containsExactly("device-token-1");
            assertThat(message.get("title").asText()).isEqualTo(TITLE);
            assertThat(message.get("data").get("invoice").asText()).isEqualTo("2024-117");
        }
    }

    @Test
    void providerAnswering503Then200IsRetryableThenDelivered() throws Exception {
        try (ScriptedHttpServer provider = new ScriptedHttpServer(Answer.status(503), Answer.status(200))) {
            HttpProviderAdapter sms = HttpProviderAdapter.sms(http, provider.url("/v1/messages"), "t", JSON);

            DeliveryOutcome first = sms.deliver(request(Channel.SMS, 1));
            DeliveryOutcome second = sms.deliver(request(Channel.SMS, 2));

            assertThat(first).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.retryAfter()).isNull();
            });
            assertThat(second).isEqualTo(DeliveryOutcome.delivered());
            assertThat(provider.received()).extracting(received -> received.header("Idempotency-Key"))
                                           .containsOnly(NOTIFICATION_ID + ":SMS");
        }
    }

    @Test
    void rejectedRequestIsPermanent() throws Exception {
        try (ScriptedHttpServer provider = new ScriptedHttpServer(Answer.status(400).withBody("invalid number"))) {
            HttpProviderAdapter sms = HttpProviderAdapter.sms(http, provider.url("/v1/messages"), "t", JSON);

            assertThat(sms.deliver(request(Channel.SMS, 1))).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.retryable()).isFalse();
                assertThat(failed.error()).endsWith("answered 400: invalid number");
            });
        }
    }

    @Test
    void channelWithoutProviderFailsPermanentlySayingWhatToConfigure() {
        assertThat(HttpProviderAdapter.sms(http, null, null, JSON).deliver(request(Channel.SMS, 1)))
                .isEqualTo(DeliveryOutcome.permanent("no SMS provider configured (herald.delivery.sms.url)"));
        assertThat(HttpProviderAdapter.push(http, null, null, JSON).deliver(request(Channel.PUSH, 1)))
                .isEqualTo(DeliveryOutcome.permanent("no PUSH provider configured (herald.delivery.push.url)"));
    }

    @Test
    void recipientWithoutPhoneNumberFailsPermanently() throws Exception {
        try (ScriptedHttpServer provider = new ScriptedHttpServer()) {
            HttpProviderAdapter sms = HttpProviderAdapter.sms(http, provider.url("/v1/messages"), "t", JSON);

            assertThat(sms.deliver(request(ContactPoints.none(), Channel.SMS, 1)))
                    .isEqualTo(DeliveryOutcome.permanent("the recipient has no phone number"));
            assertThat(provider.received()).isEmpty();
        }
    }
}

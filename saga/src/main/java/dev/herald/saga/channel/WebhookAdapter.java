package dev.herald.saga.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.template.TemplateRef;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Posts the notification as JSON to the recipient's webhook URL, signed as Standard Webhooks says
 * ({@link WebhookSignature}) with the sender's own secrets or else the configured ones, and with a
 * {@code webhook-id} and an {@code Idempotency-Key} that are the same on every attempt.
 */
public final class WebhookAdapter implements ChannelAdapter {

    private final HttpDelivery http;
    private final WebhookSecrets senderSecrets;
    private final List<String> configuredSecrets;
    private final ObjectMapper json;

    /**
     * @param senderSecrets     the secrets of senders who have their own
     * @param configuredSecrets sign the webhooks of every other sender; each is checked here, at startup
     */
    public WebhookAdapter(HttpDelivery http, WebhookSecrets senderSecrets, List<String> configuredSecrets,
                          ObjectMapper json) {
        configuredSecrets.forEach(WebhookSignature::key);
        this.http = http;
        this.senderSecrets = senderSecrets;
        this.configuredSecrets = List.copyOf(configuredSecrets);
        this.json = json;
    }

    /**
     * What a webhook receiver gets. {@code template} and {@code fields} (the template's rendered webhook fields) are
     * left out for a notification without a template.
     */
    record WebhookPayload(String id, String recipientId, String category, Priority priority, String title,
                          String body, Map<String, Object> data, Instant createdAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) TemplateRef template,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> fields) {
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
        List<String> secrets = senderSecrets.forSender(request.senderId());
        if (secrets.isEmpty()) {
            secrets = configuredSecrets;
        }
        if (secrets.isEmpty()) {
            return DeliveryOutcome.permanent("no webhook signing secret: neither the sender has one nor is one "
                                                     + "configured (herald.delivery.webhook.signing-secret)");
        }
        URI url = HttpUrls.parse(request.contactPoints().webhookUrl());
        if (url == null) {
            return DeliveryOutcome.permanent("the recipient's webhook URL is not an absolute http(s) URL");
        }
        String body;
        try {
            body = json.writeValueAsString(new WebhookPayload(request.notificationId(), request.recipientId(),
                                                              request.category(), request.priority(),
                                                              request.title(), request.body(), request.data(),
                                                              request.createdAt(), request.template(),
                                                              request.content() == null
                                                                      ? null : request.content().webhook()));
        } catch (JsonProcessingException e) {
            return DeliveryOutcome.permanent("the notification's data cannot be written as JSON: "
                                                     + e.getOriginalMessage());
        }
        String id = request.idempotencyKey();
        long timestamp = http.clock().instant().getEpochSecond();
        return http.postJson(url, body, Map.of(WebhookSignature.ID, id,
                                               WebhookSignature.TIMESTAMP, Long.toString(timestamp),
                                               WebhookSignature.SIGNATURE,
                                               WebhookSignature.header(secrets, id, timestamp, body),
                                               "Idempotency-Key", id));
    }
}

package dev.herald.saga.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.template.TemplateRef;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Posts the notification as JSON to the recipient's webhook URL, signed ({@link WebhookSignature}) and with an
 * {@code Idempotency-Key} that is the same on every attempt.
 */
public final class WebhookAdapter implements ChannelAdapter {

    private final HttpDelivery http;
    private final String signingSecret;
    private final ObjectMapper json;

    public WebhookAdapter(HttpDelivery http, String signingSecret, ObjectMapper json) {
        this.http = http;
        this.signingSecret = signingSecret;
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
        if (signingSecret == null || signingSecret.isBlank()) {
            return DeliveryOutcome.permanent(
                    "no webhook signing secret configured (herald.delivery.webhook.signing-secret)");
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
        String signature = WebhookSignature.header(signingSecret, http.clock().instant().getEpochSecond(), body);
        return http.postJson(url, body, Map.of(WebhookSignature.HEADER, signature,
                                               "Idempotency-Key", request.idempotencyKey()));
    }
}

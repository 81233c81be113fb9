package dev.herald.saga.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.template.PushContent;
import dev.herald.api.template.SmsContent;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Delivers SMS or push through a configured HTTP provider: a JSON POST with {@code Authorization: Bearer <token>} and
 * an {@code Idempotency-Key} that is the same on every attempt.
 */
public final class HttpProviderAdapter implements ChannelAdapter {

    private final Channel channel;
    private final HttpDelivery http;
    private final URI url;
    private final String token;
    private final ObjectMapper json;

    private HttpProviderAdapter(Channel channel, HttpDelivery http, URI url, String token, ObjectMapper json) {
        if (url != null && HttpUrls.parse(url.toString()) == null) {
            throw new IllegalArgumentException("herald.delivery." + channel.name().toLowerCase(Locale.ROOT)
                                                       + ".url must be an absolute http(s) URL, not " + url);
        }
        this.channel = channel;
        this.http = http;
        this.url = url;
        this.token = token;
        this.json = json;
    }

    /** @param url null when no SMS provider is configured: SMS then fails permanently, saying so */
    public static HttpProviderAdapter sms(HttpDelivery http, URI url, String token, ObjectMapper json) {
        return new HttpProviderAdapter(Channel.SMS, http, url, token, json);
    }

    /** @param url null when no push provider is configured: push then fails permanently, saying so */
    public static HttpProviderAdapter push(HttpDelivery http, URI url, String token, ObjectMapper json) {
        return new HttpProviderAdapter(Channel.PUSH, http, url, token, json);
    }

    /** What the SMS provider gets. */
    record SmsMessage(String id, String to, String text, String category, Priority priority) {
    }

    /** What the push provider gets: one message for all of the recipient's device tokens. */
    record PushMessage(String id, List<String> tokens, String title, String body, Map<String, Object> data,
                       String category, Priority priority) {
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
        if (url == null) {
            return DeliveryOutcome.permanent("no " + channel + " provider configured (herald.delivery."
                                                     + channel.name().toLowerCase(Locale.ROOT) + ".url)");
        }
        Object message = message(request);
        if (message == null) {
            return DeliveryOutcome.permanent("the recipient has no " + (channel == Channel.SMS ? "phone number"
                                                                                               : "push token"));
        }
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            return DeliveryOutcome.permanent("the notification's data cannot be written as JSON: "
                                                     + e.getOriginalMessage());
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Idempotency-Key", request.idempotencyKey());
        if (token != null && !token.isBlank()) {
            headers.put("Authorization", "Bearer " + token);
        }
        return http.postJson(url, body, headers);
    }

    private Object message(DeliveryRequest request) {
        var contact = request.contactPoints();
        if (channel == Channel.SMS) {
            if (!contact.reaches(Channel.SMS)) {
                return null;
            }
            SmsContent sms = request.content() == null ? null : request.content().sms();
            String text = sms != null && sms.text() != null && !sms.text().isBlank() ? sms.text()
                    : request.body().isBlank() ? request.title() : request.title() + "\n" + request.body();
            return new SmsMessage(request.notificationId(), contact.phone(), text, request.category(),
                                  request.priority());
        }
        if (!contact.reaches(Channel.PUSH)) {
            return null;
        }
        PushContent push = request.content() == null ? null : request.content().push();
        boolean templated = push != null && push.title() != null && !push.title().isBlank();
        return new PushMessage(request.notificationId(), contact.pushTokens(),
                               templated ? push.title() : request.title(),
                               templated ? (push.body() == null ? "" : push.body()) : request.body(),
                               request.data(), request.category(), request.priority());
    }
}

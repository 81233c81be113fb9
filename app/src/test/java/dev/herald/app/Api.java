package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The HTTP calls integration tests make again and again, as a sender or a recipient would make them. */
final class Api {

    private final WebTestClient http;

    Api(WebTestClient http) {
        this.http = http;
    }

    static String apiKey(String key) {
        return "ApiKey " + key;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    void putRecipient(String recipientId, Map<String, Object> contacts) {
        http.put().uri("/api/v1/recipients/{id}", recipientId)
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(contacts)
                .exchange().expectStatus().is2xxSuccessful();
    }

    void putRecipient(String recipientId) {
        putRecipient(recipientId, Map.of("email", recipientId + "@example.com"));
    }

    String token(String recipientId) {
        JsonNode body = http.post().uri("/api/v1/recipient-tokens")
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientId", recipientId))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        return body.get("token").asText();
    }

    static Map<String, Object> inAppNotification(String recipientId, String title) {
        return Map.of("recipientId", recipientId, "category", "billing", "channels", java.util.List.of("IN_APP"),
                "title", title, "body", "body of " + title);
    }

    WebTestClient.ResponseSpec send(Map<String, Object> notification, String idempotencyKey) {
        var request = http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.bodyValue(notification).exchange();
    }

    String sendAccepted(Map<String, Object> notification) {
        JsonNode body = send(notification, null).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        return body.get("notificationId").asText();
    }

    JsonNode unreadCount(String token) {
        return http.get().uri("/api/v1/me/unread-count").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode inbox(String token, int limit, String cursor) {
        return http.get().uri(builder -> {
                    builder.path("/api/v1/me/notifications").queryParam("limit", limit);
                    if (cursor != null) {
                        builder.queryParam("cursor", cursor);
                    }
                    return builder.build();
                })
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    WebTestClient.ResponseSpec markRead(String token, String notificationId) {
        return http.post().uri("/api/v1/me/notifications/{id}/read", notificationId)
                .header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange();
    }

    WebTestClient.ResponseSpec status(String notificationId, String key) {
        return http.get().uri("/api/v1/notifications/{id}", notificationId)
                .header(HttpHeaders.AUTHORIZATION, apiKey(key)).exchange();
    }
}

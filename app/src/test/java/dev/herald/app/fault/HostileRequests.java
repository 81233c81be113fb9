package dev.herald.app.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates requests that are wrong in at least one way (so none of them may store anything): malformed JSON,
 * wrong types, missing or unknown fields, oversized values, hostile strings in identifiers, invalid cursors and
 * limits, bad credentials. Seeded, so a failure can be reproduced.
 */
final class HostileRequests {

    /** One request: method, path (already encoded), Authorization header or null, content type, raw body or null. */
    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    static final List<String> HOSTILE = List.of(
            "'; DROP TABLE DomainEventEntry; --", "{\"$gt\": \"\"}", "$where", "<script>alert(1)</script>",
            "../../etc/passwd", "%00", "\u0000", "\uD800", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "\\", "\"",
            "null", "true", "-1", "1e309", "🙂".repeat(50), "a".repeat(5_000), " ", "");

    private final Random random;
    private final String apiKey;
    private final String token;

    HostileRequests(long seed, String apiKey, String token) {
        this.random = new Random(seed);
        this.apiKey = "ApiKey " + apiKey;
        this.token = "Bearer " + token;
    }

    List<Request> generate(int count) {
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(next());
        }
        return requests;
    }

    private Request next() {
        return switch (random.nextInt(11)) {
            case 0 -> new Request("POST", "/api/v1/notifications", apiKey, json(), malformed());
            case 1 -> new Request("POST", "/api/v1/notifications", apiKey, json(), invalidNotification());
            case 2 -> new Request("PUT", "/api/v1/recipients/" + hostileId(), apiKey, json(), invalidContacts());
            case 3 -> new Request("PUT", "/api/v1/recipients/valid-id", apiKey, json(), invalidContacts());
            case 4 -> new Request("POST", "/api/v1/recipients/ghost-" + random.nextInt(1000)
                    + "/subscriptions/" + (random.nextBoolean() ? "cancel" : "renew"), apiKey, json(),
                    invalidSubscription());
            case 5 -> new Request("POST", "/api/v1/recipient-tokens", apiKey, json(), invalidTokenRequest());
            case 6 -> new Request("GET", "/api/v1/me/notifications?limit=" + hostileNumber() + "&cursor="
                    + hostileCursor(), token, null, null);
            case 7 -> new Request("POST", "/api/v1/me/notifications/" + hostileId() + "/" + pick("read", "unread",
                    "archive"), token, null, null);
            case 8 -> new Request(pick("GET", "POST"), "/api/v1/notifications/" + hostileId()
                    + (random.nextBoolean() ? "/cancel" : ""), apiKey, json(), null);
            case 9 -> new Request("POST", "/api/v1/notifications", badCredentials(), json(), validNotification());
            default -> new Request("POST", "/api/v1/notifications", apiKey, pick("text/plain",
                    "application/xml", "multipart/form-data", "application/x-www-form-urlencoded"),
                    validNotification());
        };
    }

    private String json() {
        return "application/json";
    }

    private String malformed() {
        String valid = validNotification();
        return switch (random.nextInt(6)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> valid.replace(':', random.nextBoolean() ? '=' : ' ');
            case 2 -> "[" + valid + "]";
            case 3 -> "{".repeat(2_000) + "}".repeat(2_000);
            case 4 -> new String(randomBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            default -> "";
        };
    }

    /** A notification for a recipient that exists in the test, broken in one field. */
    private String invalidNotification() {
        Map<String, Object> body = notification();
        String field = pick("recipientId", "category", "priority", "channels", "title", "body", "data", "sendAt",
                "unknown");
        switch (field) {
            case "recipientId" -> body.put(field, pick(hostileId() + "%", 42, List.of("a"), null));
            case "category" -> body.put(field, pick(hostile() + "!", 7, Map.of("a", 1), null));
            case "priority" -> body.put(field, pick("URGENT", "HIGHEST", 3, List.of()));
            case "channels" -> body.put(field, pick(List.of(), List.of("FAX"), "EMAIL", List.of(1), null,
                    List.of(hostile())));
            case "title" -> body.put(field, pick("", "x".repeat(201), 5, Map.of(), null));
            case "body" -> body.put(field, pick("x".repeat(10_001), List.of("b"), 1.5));
            case "data" -> body.put(field, pick("not an object", List.of(1, 2), Map.of("big", "x".repeat(9_000))));
            case "sendAt" -> body.put(field, pick("yesterday", "2001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", 12));
            default -> body.put(pick("chanels", "$where", "__proto__", "recipient"), hostile());
        }
        return toJson(body);
    }

    private String invalidContacts() {
        Map<String, Object> body = new LinkedHashMap<>();
        String field = pick("email", "phone", "pushTokens", "webhookUrl", "locale", "timeZone", "extra");
        body.put(field, switch (field) {
            case "email" -> pick("not-an-email", "a@", hostile(), 12);
            case "phone" -> pick("call me", "+", "1".repeat(100), List.of());
            case "pushTokens" -> pick("token", List.of(""), List.of(Map.of()));
            case "webhookUrl" -> pick("ftp://127.0.0.1/x", "javascript:alert(1)", "not a url", 80);
            case "locale" -> pick("xx_INVALID_LOCALE_TAG_" + hostile(), 5);
            case "timeZone" -> pick("Mars/Olympus", "UTC+99", 3);
            default -> hostile();
        });
        return toJson(body);
    }

    private String invalidSubscription() {
        return pick("{}", "{\"category\":\"\"}", "{\"category\":7}", "{\"category\":\"news\",\"channels\":[\"FAX\"]}",
                "{\"category\":\"" + "c".repeat(65) + "\"}", "{\"category\":\"news\",\"channels\":\"EMAIL\"}");
    }

    private String invalidTokenRequest() {
        return pick("{}", "{\"recipientId\":\"\"}", "{\"recipientId\":\"a\",\"ttl\":\"forever\"}",
                "{\"recipientId\":\"a\",\"ttl\":-5}", "{\"recipientId\":\"a\",\"ttl\":\"P400D\"}",
                "{\"recipientId\":\"" + "r".repeat(300) + "\"}", "{\"recipientId\":\"a\",\"admin\":true}");
    }

    private String validNotification() {
        return toJson(notification());
    }

    private Map<String, Object> notification() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipientId", "target");
        body.put("category", "news");
        body.put("channels", List.of("IN_APP"));
        body.put("title", "t");
        body.put("body", "b");
        return body;
    }

    private String badCredentials() {
        // Header values must be visible ASCII (HTTP clients refuse anything else), so hostile strings are encoded.
        String hostile = java.net.URLEncoder.encode(hostile(), java.nio.charset.StandardCharsets.UTF_8);
        return pick(null, "ApiKey", "ApiKey " + hostile, "Bearer " + hostile, "Basic YWRtaW46YWRtaW4=",
                "apikey", "ApiKey hk_" + "0".repeat(43), "ApiKey " + "x".repeat(7_000));
    }

    private String hostileId() {
        return java.net.URLEncoder.encode(hostile(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String hostileCursor() {
        return java.net.URLEncoder.encode(pick("", "!!!", "AAAA", "bm90LWEtY3Vyc29y", "-1.-1", "999999999.0",
                hostile()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String hostileNumber() {
        return pick("-1", "0", "101", "99999999999999999999", "abc", "1.5", "", "%00");
    }

    private String hostile() {
        return HOSTILE.get(random.nextInt(HOSTILE.size()));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String toJson(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.query.SqliteReadModelConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Who may do what: recipients see only their own data, senders need a key with the right scope. */
class AccessIT {

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static Api api;
    static String carolsNotification;
    static String davesNotification;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir,
                "--herald.rate-limits.keys[0].key=bursty", "--herald.rate-limits.keys[0].capacity=3",
                "--herald.rate-limits.keys[0].refill-tokens=1", "--herald.rate-limits.keys[0].refill-period=PT3S");
        api = herald.api();
        api.putRecipient("carol");
        api.putRecipient("dave");
        carolsNotification = api.sendAccepted(Api.inAppNotification("carol", "for carol only"));
        davesNotification = api.sendAccepted(Api.inAppNotification("dave", "for dave only"));
        String carol = api.token("carol");
        String dave = api.token("dave");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.unreadCount(carol).get("total").asLong()).isEqualTo(1);
            assertThat(api.unreadCount(dave).get("total").asLong()).isEqualTo(1);
        });
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void recipientSeesOnlyTheirOwnInbox() {
        JsonNode items = api.inbox(api.token("carol"), 100, null).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").asText()).isEqualTo(carolsNotification);
    }

    @Test
    void recipientCannotMarkAnotherRecipientsNotification() {
        String carol = api.token("carol");
        api.markRead(carol, davesNotification)
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(api.unreadCount(api.token("dave")).get("unread").asLong()).isEqualTo(1);
    }

    @Test
    void forgedExpiredOrForeignTokensAreRefused() throws Exception {
        String[] tokens = {
            jwt(RunningHerald.JWT_SECRET, "carol", "herald", "herald-inbox", Instant.now().minusSeconds(600)),
            jwt("another-secret-that-is-at-least-32-bytes-long", "carol", "herald", "herald-inbox",
                    Instant.now().plusSeconds(600)),
            jwt(RunningHerald.JWT_SECRET, "carol", "someone-else", "herald-inbox", Instant.now().plusSeconds(600)),
            jwt(RunningHerald.JWT_SECRET, "carol", "herald", "another-audience", Instant.now().plusSeconds(600)),
            "not-a-jwt",
        };
        for (String token : tokens) {
            herald.http.get().uri("/api/v1/me/notifications").header(HttpHeaders.AUTHORIZATION, Api.bearer(token))
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            herald.http.post().uri("/graphql").header(HttpHeaders.AUTHORIZATION, Api.bearer(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", "{ unreadCount { unread } }"))
                    .exchange()
                    .expectStatus().isUnauthorized();
            herald.http.get().uri("/api/v1/me/stream?access_token={token}", token)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus().isUnauthorized();
        }
    }

    @Test
    void graphQlServesOnlyTheCallersNotifications() {
        String carol = api.token("carol");
        JsonNode answer = herald.http.post().uri("/graphql").header(HttpHeaders.AUTHORIZATION, Api.bearer(carol))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "query($id: ID!) { notification(id: $id) { id } }",
                        "variables", Map.of("id", davesNotification)))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(answer.path("data").path("notification").isNull()
                || answer.path("errors").size() > 0).as(answer.toString()).isTrue();
        JsonNode marked = herald.http.post().uri("/graphql").header(HttpHeaders.AUTHORIZATION, Api.bearer(carol))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "mutation($id: ID!) { markRead(id: $id) }",
                        "variables", Map.of("id", davesNotification)))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(marked.path("errors").get(0).path("extensions").path("code").asText())
                .isEqualTo("NOTIFICATION_NOT_FOUND");
        assertThat(api.unreadCount(api.token("dave")).get("unread").asLong()).isEqualTo(1);
    }

    @Test
    void streamTokenInTheQueryIsAcceptedOnlyForTheStream() {
        String carol = api.token("carol");
        herald.http.get().uri("/api/v1/me/unread-count?access_token={token}", carol)
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void recipientEndpointsNeedAToken() {
        herald.http.get().uri("/api/v1/me/unread-count").exchange().expectStatus().isUnauthorized();
        herald.http.get().uri("/api/v1/me/unread-count")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void recipientTokenCannotSend() {
        herald.http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, Api.bearer(api.token("carol")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Api.inAppNotification("carol", "self-sent"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void sendScopedKeyCannotAdministerKeys() {
        String sendKey = issueKey("shop", List.of("send"));
        herald.http.post().uri("/api/v1/admin/api-keys")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(sendKey))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", "escalation", "scopes", List.of("admin")))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void senderCannotReadAnotherSendersNotification() {
        String shopKey = issueKey("shop-two", List.of("send"));
        api.status(carolsNotification, shopKey).expectStatus().isNotFound();
    }

    @Test
    void revokedKeyStopsWorking() {
        JsonNode issued = herald.http.post().uri("/api/v1/admin/api-keys")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", "short-lived", "scopes", List.of("send")))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        herald.http.delete().uri("/api/v1/admin/api-keys/{id}", issued.get("keyId").asText())
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> herald.http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(issued.get("apiKey").asText()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Api.inAppNotification("carol", "after revoke"))
                .exchange().expectStatus().isUnauthorized());
    }

    @Test
    void storedKeysAreHashesNotSecrets() {
        String secret = issueKey("hashed", List.of("send"));
        var readModels = herald.bean(SqliteReadModelConfiguration.DATA_SOURCE, DataSource.class);
        String everything = new JdbcTemplate(readModels).queryForList("SELECT * FROM api_keys").toString();
        assertThat(everything).doesNotContain(secret).doesNotContain(RunningHerald.ADMIN_KEY);
    }

    @Test
    void aKeyOverItsRateLimitIsRefusedWith429UntilItsBucketRefills() {
        JsonNode bursty = issue(Map.of("senderId", "bursty-sender", "name", "bursty", "scopes", List.of("send")));
        String key = Api.apiKey(bursty.get("apiKey").asText());
        List<EntityExchangeResult<byte[]>> answers = new ArrayList<>();
        while (answers.size() < 10
                && (answers.isEmpty() || answers.get(answers.size() - 1).getStatus().value() != 429)) {
            answers.add(herald.http.put().uri("/api/v1/recipients/bursty-{n}", answers.size())
                    .header(HttpHeaders.AUTHORIZATION, key).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "bursty@example.com")).exchange().expectBody().returnResult());
        }
        EntityExchangeResult<byte[]> refused = answers.get(answers.size() - 1);
        assertThat(refused.getStatus().value()).as("a burst past the limit is refused").isEqualTo(429);
        assertThat(answers.subList(0, 3)).as("the bucket's capacity is let through")
                .allSatisfy(answer -> {
                    assertThat(answer.getStatus().is2xxSuccessful()).isTrue();
                    assertThat(answer.getResponseHeaders().getFirst("RateLimit-Policy"))
                            .isEqualTo("\"bursty\";q=3;w=9");
                    assertThat(answer.getResponseHeaders().getFirst("RateLimit")).matches("\"bursty\";r=\\d;t=\\d+");
                });
        HttpHeaders headers = refused.getResponseHeaders();
        assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 3L);
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("\"bursty\";q=3;w=9");
        assertThat(headers.getFirst("RateLimit")).matches("\"bursty\";r=0;t=\\d+");
        assertThat(new String(refused.getResponseBodyContent(), StandardCharsets.UTF_8))
                .contains("\"code\":\"RATE_LIMITED\"", "\"status\":429",
                          "https://herald.dev/problems/rate-limited");

        String metric = "herald_rate_limited_total{application=\"herald\",key=\"" + bursty.get("keyId").asText()
                + "\"}";
        assertThat(herald.http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody()).contains(metric).doesNotContain(bursty.get("apiKey").asText());

        herald.http.get().uri("/api/v1/admin/api-keys").header(HttpHeaders.AUTHORIZATION,
                        Api.apiKey(RunningHerald.ADMIN_KEY)).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("RateLimit")
                .expectHeader().doesNotExist("RateLimit-Policy");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                herald.http.put().uri("/api/v1/recipients/bursty-after").header(HttpHeaders.AUTHORIZATION, key)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "bursty@example.com")).exchange()
                        .expectStatus().is2xxSuccessful());
    }

    @Test
    void aSendKeyWithoutItsOwnLimitGetsTheDefaultPolicy() {
        String key = issueKey("ordinary", List.of("send"));
        herald.http.put().uri("/api/v1/recipients/ordinary-1").header(HttpHeaders.AUTHORIZATION, Api.apiKey(key))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "bursty@example.com")).exchange()
                .expectStatus().is2xxSuccessful()
                .expectHeader().valueEquals("RateLimit-Policy", "\"default\";q=1000;w=10")
                .expectHeader().valueMatches("RateLimit", "\"default\";r=999;t=\\d+");
    }

    private static JsonNode issue(Map<String, Object> request) {
        return herald.http.post().uri("/api/v1/admin/api-keys")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static String issueKey(String senderId, List<String> scopes) {
        return herald.http.post().uri("/api/v1/admin/api-keys")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", senderId, "scopes", scopes))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("apiKey").asText();
    }

    private static String jwt(String secret, String subject, String issuer, String audience, Instant expiry)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(subject).issuer(issuer).audience(audience).claim("scope", "recipient")
                .issueTime(Date.from(expiry.minusSeconds(3600))).expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}

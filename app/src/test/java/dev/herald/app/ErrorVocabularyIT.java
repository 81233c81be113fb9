package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The same bad input over REST and over GraphQL gets the same {@code code}: a REST problem document's
 * {@code code}, and over GraphQL either a GraphQL error's {@code extensions.code} (with the code's classification)
 * or, for a request GraphQL cannot even read, the same problem document. Every REST answer has the code's status.
 * Causes that GraphQL cannot express (it has no sends, so no Idempotency-Key, and no channels) are checked across
 * the REST interfaces that can. Herald runs with one command thread and a queue of one, so that holding that thread
 * fills the queue.
 */
class ErrorVocabularyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "{ notifications(first: 5) { edges { cursor } } }";

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static Api api;
    static String erin;
    static String franksNotification;
    static String erinsNotification;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir, "--herald.commands.threads=1", "--herald.commands.queue-limit=1",
                "--herald.rate-limits.keys[0].key=vocabulary-limited", "--herald.rate-limits.keys[0].capacity=1",
                "--herald.rate-limits.keys[0].refill-tokens=1", "--herald.rate-limits.keys[0].refill-period=PT1H");
        api = herald.api();
        api.putRecipient("erin");
        api.putRecipient("frank");
        erinsNotification = sendSurely(Api.inAppNotification("erin", "for erin"), "vocabulary-erin");
        franksNotification = sendSurely(Api.inAppNotification("frank", "for frank"), "vocabulary-frank");
        erin = api.token("erin");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.unreadCount(erin).get("total").asLong()).isEqualTo(1));
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void aMalformedBody() {
        assertSameCode(ErrorCode.INVALID_REQUEST,
                rest(sender().post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"recipientId\": \"erin\", ")),
                rest(recipient().put().uri("/api/v1/me/subscriptions").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"optOuts\": [")),
                graphQl(recipient().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaTypes.APPLICATION_GRAPHQL_RESPONSE).bodyValue("{\"query\": ")),
                graphQl("{ unreadCount { unread "));
    }

    @Test
    void anUnknownChannel() {
        Map<String, Object> notification = new LinkedHashMap<>(Api.inAppNotification("erin", "by pigeon"));
        notification.put("channels", List.of("PIGEON"));
        assertSameCode(ErrorCode.INVALID_REQUEST,
                rest(sender().post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(notification)),
                rest(recipient().put().uri("/api/v1/me/subscriptions").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("optOuts", List.of(Map.of("category", "billing",
                                                                     "channels", List.of("PIGEON")))))));
    }

    @Test
    void aMissingField() {
        Map<String, Object> notification = new LinkedHashMap<>(Api.inAppNotification("erin", "untitled"));
        notification.remove("title");
        assertSameCode(ErrorCode.INVALID_REQUEST,
                rest(sender().post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(notification)),
                rest(recipient().put().uri("/api/v1/me/subscriptions").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of())),
                graphQl("mutation { markRead }"));
    }

    @Test
    void anUnknownNotificationId() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        assertSameCode(ErrorCode.NOTIFICATION_NOT_FOUND,
                rest(recipient().post().uri("/api/v1/me/notifications/{id}/read", unknown)),
                rest(sender().get().uri("/api/v1/notifications/{id}", unknown)),
                rest(sender().post().uri("/api/v1/notifications/{id}/cancel", unknown)),
                graphQl("mutation { markRead(id: \"" + unknown + "\") }"),
                graphQl("mutation { archive(id: \"" + unknown + "\") }"));
    }

    @Test
    void anotherRecipientsNotificationId() {
        assertSameCode(ErrorCode.NOTIFICATION_NOT_FOUND,
                rest(recipient().post().uri("/api/v1/me/notifications/{id}/read", franksNotification)),
                graphQl("mutation { markRead(id: \"" + franksNotification + "\") }"));
    }

    @Test
    void anExpiredToken() throws Exception {
        String expired = expiredToken("erin");
        assertSameCode(ErrorCode.UNAUTHENTICATED,
                rest(herald.http.get().uri("/api/v1/me/notifications")
                        .header(HttpHeaders.AUTHORIZATION, Api.bearer(expired))),
                graphQl(herald.http.post().uri("/graphql").header(HttpHeaders.AUTHORIZATION, Api.bearer(expired))
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaTypes.APPLICATION_GRAPHQL_RESPONSE)
                        .bodyValue(Map.of("query", PAGE))));
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequest() {
        api.send(Api.inAppNotification("erin", "first"), "vocabulary-key-1").expectStatus().isAccepted();
        assertSameCode(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                rest(sender().post().uri("/api/v1/notifications").header("Idempotency-Key", "vocabulary-key-1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Api.inAppNotification("erin", "second"))));
    }

    @Test
    void aWrongContentType() {
        assertSameCode(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                rest(recipient().put().uri("/api/v1/me/subscriptions").contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("{\"optOuts\": []}")),
                rest(sender().post().uri("/api/v1/notifications").contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("{}")),
                graphQl(recipient().post().uri("/graphql").contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("{\"query\": \"" + PAGE + "\"}")));
    }

    @Test
    void aMethodTheResourceDoesNotHave() {
        assertSameCode(ErrorCode.METHOD_NOT_ALLOWED,
                rest(recipient().delete().uri("/api/v1/me/unread-count")),
                graphQl(recipient().get().uri("/graphql?query={query}", PAGE)),
                graphQl(recipient().put().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("query", PAGE))));
    }

    @Test
    void anAcceptHeaderNothingSatisfies() {
        assertSameCode(ErrorCode.NOT_ACCEPTABLE,
                rest(recipient().get().uri("/api/v1/me/unread-count").accept(MediaType.APPLICATION_XML)),
                graphQl(recipient().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_XML).bodyValue(Map.of("query", PAGE))));
    }

    @Test
    void aBodyTooLarge() {
        String huge = "x".repeat(300_000);
        assertSameCode(ErrorCode.PAYLOAD_TOO_LARGE,
                rest(sender().post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("recipientId", "erin", "title", huge))),
                graphQl(recipient().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("query", "{ unreadCount { unread } } # " + huge))));
    }

    @Test
    void aPageSizeOfAThousand() {
        assertSameCode(ErrorCode.INVALID_REQUEST,
                rest(recipient().get().uri("/api/v1/me/notifications?limit=1000")),
                graphQl("{ notifications(first: 1000) { edges { cursor } } }"));
    }

    @Test
    void aCursorHeraldDidNotMake() {
        assertSameCode(ErrorCode.INVALID_REQUEST,
                rest(recipient().get().uri("/api/v1/me/notifications?cursor=nope!")),
                graphQl("{ notifications(after: \"nope!\") { edges { cursor } } }"));
    }

    @Test
    void aFullCommandQueue() throws Exception {
        ThreadPoolExecutor commands = herald.bean("commandExecutor", ThreadPoolExecutor.class);
        CountDownLatch release = new CountDownLatch(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> commands.getActiveCount() == 0 && commands.getQueue().isEmpty());
        commands.execute(() -> awaitQuietly(release));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> commands.getActiveCount() == 1 && commands.getQueue().isEmpty());
        commands.execute(() -> awaitQuietly(release));
        try {
            assertThat(commands.getQueue().remainingCapacity()).as("the command queue is full").isZero();
            assertSameCode(ErrorCode.OVERLOADED,
                    rest(recipient().post().uri("/api/v1/me/notifications/{id}/read", erinsNotification)),
                    rest(sender().post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Api.inAppNotification("erin", "while full"))),
                    graphQl("mutation { markRead(id: \"" + erinsNotification + "\") }"));
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> api.markRead(erin, erinsNotification).expectStatus().isNoContent());
    }

    /** Only API keys are limited, so only the sender's REST interface can answer it; every route the same way. */
    @Test
    void aKeyOverItsRateLimit() {
        String limited = Api.apiKey(herald.http.post().uri("/api/v1/admin/api-keys")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", "vocabulary", "name", "vocabulary-limited", "scopes", List.of("send")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("apiKey").asText());
        herald.http.get().uri("/api/v1/notifications/{id}", erinsNotification)
                .header(HttpHeaders.AUTHORIZATION, limited).exchange().expectStatus().isNotFound();
        assertSameCode(ErrorCode.RATE_LIMITED,
                rest(herald.http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, limited)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Api.inAppNotification("erin", "more"))),
                rest(herald.http.get().uri("/api/v1/notifications/{id}", erinsNotification)
                        .header(HttpHeaders.AUTHORIZATION, limited)));
    }

    @Test
    void noCredentialsAtAll() {
        assertSameCode(ErrorCode.UNAUTHENTICATED,
                rest(herald.http.get().uri("/api/v1/me/unread-count")),
                rest(herald.http.post().uri("/api/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Api.inAppNotification("erin", "anonymous"))),
                graphQl(herald.http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("query", PAGE))));
    }

    /** What one interface answered, and the code it gave. */
    private record Answer(String what, int status, MediaType contentType, JsonNode body, boolean overGraphQl) {

        String code() {
            if (isProblem()) {
                return body.path("code").asText(null);
            }
            return body.path("errors").path(0).path("extensions").path("code").asText(null);
        }

        boolean isProblem() {
            return MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType);
        }
    }

    private static void assertSameCode(ErrorCode expected, Answer... answers) {
        for (Answer answer : answers) {
            String description = answer.what() + " answered " + answer.status() + " " + answer.body();
            assertThat(answer.code()).as(description).isEqualTo(expected.name());
            if (answer.isProblem()) {
                assertThat(answer.status()).as(description).isEqualTo(expected.httpStatus());
                assertThat(answer.body().path("status").asInt()).as(description).isEqualTo(expected.httpStatus());
            } else {
                assertThat(answer.overGraphQl()).as(description + ": REST answers a problem document").isTrue();
                assertThat(answer.status()).as(description).isLessThan(500);
                assertThat(answer.body().path("errors").path(0).path("extensions").path("classification").asText())
                        .as(description).isEqualTo(expected.classification().name());
            }
        }
    }

    private static Answer rest(WebTestClient.RequestHeadersSpec<?> request) {
        return answer(request, false);
    }

    private static Answer graphQl(WebTestClient.RequestHeadersSpec<?> request) {
        return answer(request, true);
    }

    /** A GraphQL document sent as erin, the way a GraphQL client sends it. */
    private static Answer graphQl(String document) {
        return graphQl(recipient().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .accept(MediaTypes.APPLICATION_GRAPHQL_RESPONSE).bodyValue(Map.of("query", document)));
    }

    private static Answer answer(WebTestClient.RequestHeadersSpec<?> request, boolean overGraphQl) {
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        byte[] body = result.getResponseBody();
        String what = result.getMethod() + " " + result.getUrl().getPath();
        try {
            JsonNode json = body == null ? JSON.missingNode() : JSON.readTree(body);
            return new Answer(what, result.getStatus().value(), result.getResponseHeaders().getContentType(), json,
                              overGraphQl);
        } catch (java.io.IOException notJson) {
            return new Answer(what, result.getStatus().value(), result.getResponseHeaders().getContentType(),
                              JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8)), overGraphQl);
        }
    }

    /**
     * With one command thread and a queue of one, a send can meet the thread busy with the previous send's
     * follow-up and be refused as OVERLOADED; the Idempotency-Key makes the retry safe.
     */
    private static String sendSurely(Map<String, Object> notification, String idempotencyKey) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> id[0] = api.send(notification, idempotencyKey)
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("notificationId").asText());
        return id[0];
    }

    private static WebTestClient recipient() {
        return authorized(Api.bearer(erin));
    }

    private static WebTestClient sender() {
        return authorized(Api.apiKey(RunningHerald.ADMIN_KEY));
    }

    private static WebTestClient authorized(String authorization) {
        return herald.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, authorization).build();
    }

    private static String expiredToken(String recipientId) throws Exception {
        Instant expiry = Instant.now().minusSeconds(600);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(recipientId).issuer("herald").audience("herald-inbox").claim("scope", "recipient")
                .issueTime(Date.from(expiry.minusSeconds(3600))).expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner(RunningHerald.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

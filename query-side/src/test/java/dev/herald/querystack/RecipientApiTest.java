package dev.herald.querystack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/** The recipient APIs beyond the listing: GraphQL details and errors, read-all, and subscriptions. */
class RecipientApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static QueryStack stack;

    @BeforeAll
    static void start() {
        stack = new QueryStack("recipient-api-test");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void graphQlServesOneNotificationWithItsScalars() {
        stack.commandSide().sent(Sends.inApp("g1", "gina", "billing"));
        stack.awaitProjections();
        String document = "query($id: ID!) { notification(id: $id) { id category priority title body data read "
                          + "archived createdAt position } }";

        JsonNode item = stack.graphQl("gina", document, Map.of("id", "g1")).get("data").get("notification");
        assertThat(item.get("id").asText()).isEqualTo("g1");
        assertThat(item.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(item.get("data").get("ref").asText()).isEqualTo("g1");
        assertThat(item.get("data").get("n").asInt()).isEqualTo(1);
        assertThat(Instant.parse(item.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(item.get("position").asInt()).isEqualTo(1);
        assertThat(stack.graphQl("someone-else", document, Map.of("id", "g1")).get("data").get("notification")
                           .isNull()).isTrue();
    }

    @Test
    void graphQlFailuresAreClassifiedErrorsNeverServerErrors() {
        stack.commandSide().sent(Sends.inApp("h1", "hana", "billing"));

        JsonNode badInput = stack.graphQl("hana", "{ notifications(first: 0) { edges { cursor } } }", Map.of());
        assertThat(classification(badInput)).isEqualTo("BAD_REQUEST");
        assertThat(code(badInput)).isEqualTo("INVALID_REQUEST");
        assertThat(badInput.get("errors").get(0).get("message").asText()).startsWith("first: ");
        JsonNode badCursor = stack.graphQl("hana", "{ notifications(after: \"nope!\") { edges { cursor } } }",
                                           Map.of());
        assertThat(classification(badCursor)).isEqualTo("BAD_REQUEST");
        assertThat(code(badCursor)).isEqualTo("INVALID_REQUEST");

        JsonNode anonymous = stack.graphQl(null, "{ unreadCount { unread } }", Map.of());
        assertThat(classification(anonymous)).isEqualTo("UNAUTHORIZED");
        assertThat(code(anonymous)).isEqualTo("UNAUTHENTICATED");

        JsonNode notTheirs = stack.graphQl("ivan", "mutation { markRead(id: \"h1\") }", Map.of());
        assertThat(classification(notTheirs)).isEqualTo("NOT_FOUND");
        assertThat(code(notTheirs)).isEqualTo("NOTIFICATION_NOT_FOUND");

        JsonNode missingArgument = stack.graphQlRequestError("hana", "mutation { markRead }");
        assertThat(classification(missingArgument)).isEqualTo("BAD_REQUEST");
        assertThat(code(missingArgument)).isEqualTo("INVALID_REQUEST");
        assertThat(missingArgument.get("errors").get(0).get("message").asText()).contains("'id'");
        JsonNode badSyntax = stack.graphQlRequestError("hana", "{ unreadCount { unread ");
        assertThat(code(badSyntax)).isEqualTo("INVALID_REQUEST");
        JsonNode unknownField = stack.graphQlRequestError("hana", "{ unreadCount { unread colour } }");
        assertThat(code(unknownField)).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void theUnreadCountSubscriptionStreamsEachChangeOverSse() throws Exception {
        BlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
        Disposable subscription = stack.webClient().post().uri("/graphql")
                .header(TestCaller.CALLER, "jude")
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("query", "subscription { unreadCount { unread total categories { category } } }"))
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .subscribe(events::add, closed -> { });
        try {
            assertThat(unreadIn(events.poll(5, TimeUnit.SECONDS))).isZero();

            stack.commandSide().sent(Sends.inApp("j1", "jude", "billing"));
            assertThat(unreadIn(events.poll(5, TimeUnit.SECONDS))).isEqualTo(1);
            stack.http().post().uri("/api/v1/me/notifications/j1/read").header(TestCaller.CALLER, "jude").exchange()
                    .expectStatus().isNoContent();
            assertThat(unreadIn(events.poll(5, TimeUnit.SECONDS))).isZero();
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void readAllMarksTheUnreadOnesOfTheCategoryAndSaysHowMany() throws Exception {
        stack.commandSide().sent(Sends.inApp("k1", "kim", "billing"));
        stack.commandSide().sent(Sends.inApp("k2", "kim", "billing"));
        stack.commandSide().sent(Sends.inApp("k3", "kim", "security"));
        stack.awaitProjections();

        stack.http().post().uri("/api/v1/me/notifications/read-all?category=billing").header(TestCaller.CALLER, "kim")
                .exchange().expectStatus().isOk().expectBody().json("{\"marked\": 2}", true);
        stack.awaitProjections();
        stack.http().get().uri("/api/v1/me/unread-count").header(TestCaller.CALLER, "kim").exchange()
                .expectBody().json("{\"unread\": 1, \"total\": 3, \"categories\": {\"billing\": {\"unread\": 0, "
                                   + "\"total\": 2}, \"security\": {\"unread\": 1, \"total\": 1}}}", true);
        stack.http().post().uri("/api/v1/me/notifications/read-all").header(TestCaller.CALLER, "kim").exchange()
                .expectBody().json("{\"marked\": 1}", true);
        stack.http().post().uri("/api/v1/me/notifications/read-all?category=no%20spaces")
                .header(TestCaller.CALLER, "kim").exchange().expectStatus().isBadRequest()
                // see CloseAfterError: the next request must not be sent on this connection
                .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close");
        stack.http().get().uri("/api/v1/me/notifications?unread=maybe").header(TestCaller.CALLER, "kim").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void subscriptionsAreReplacedAsAWholeWithTheRecipientsRulesForEveryCategory() throws Exception {
        stack.http().get().uri("/api/v1/me/subscriptions").header(TestCaller.CALLER, "lee").exchange()
                .expectStatus().isOk().expectBody().json("{\"recipientId\": \"lee\", \"optOuts\": []}", true);

        JsonNode answer = put("lee", List.of(Map.of("category", "billing.eu", "channels", List.of("email", "SMS")),
                                             Map.of("category", "*", "channels", List.of("PUSH"))));
        assertThat(answer.get("optOuts").toString()).isEqualTo(
                "[{\"category\":\"*\",\"channels\":[\"PUSH\"]},"
                + "{\"category\":\"billing.eu\",\"channels\":[\"EMAIL\",\"SMS\"]}]");
        assertThat(stack.commandSide().optOuts("lee")).isEqualTo(Map.of(
                "*", Set.of(Channel.PUSH), "billing.eu", Set.of(Channel.EMAIL, Channel.SMS)));
        awaitSubscriptions("lee", answer);

        JsonNode changed = put("lee", List.of(Map.of("category", "billing.eu", "channels", List.of("PUSH"))));
        assertThat(stack.commandSide().optOuts("lee")).isEqualTo(Map.of("billing.eu", Set.of(Channel.PUSH)));
        awaitSubscriptions("lee", changed);

        stack.http().put().uri("/api/v1/me/subscriptions").header(TestCaller.CALLER, "lee")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("optOuts", List.of(Map.of("category", "billing", "channels", List.of("FAX")))))
                .exchange().expectStatus().isBadRequest();
    }

    private static JsonNode put(String recipient, List<Map<String, Object>> optOuts) throws Exception {
        byte[] body = stack.http().put().uri("/api/v1/me/subscriptions").header(TestCaller.CALLER, recipient)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("optOuts", optOuts))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private static void awaitSubscriptions(String recipient, JsonNode expected) throws Exception {
        stack.awaitProjections();
        byte[] body = stack.http().get().uri("/api/v1/me/subscriptions").header(TestCaller.CALLER, recipient)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(JSON.readTree(body)).isEqualTo(expected);
    }

    private static String classification(JsonNode response) {
        assertThat(response.has("errors")).as(response.toString()).isTrue();
        return response.get("errors").get(0).get("extensions").get("classification").asText();
    }

    private static String code(JsonNode response) {
        assertThat(response.has("errors")).as(response.toString()).isTrue();
        return response.get("errors").get(0).get("extensions").get("code").asText();
    }

    private static long unreadIn(ServerSentEvent<String> event) throws Exception {
        assertThat(event).as("a subscription event in time").isNotNull();
        assertThat(event.event()).isEqualTo("next");
        return JSON.readTree(event.data()).get("data").get("unreadCount").get("unread").asLong();
    }
}

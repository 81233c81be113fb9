package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.app.delivery.LocalProvider;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Templates end to end on a real Herald: saved over HTTP, rendered per recipient locale, delivered to GreenMail's
 * SMTP server, a local webhook receiver and the inbox, and refused with a named problem when the template or the
 * data is wrong.
 */
class TemplatesIT {

    static final String ADMIN_KEY = "hk_templates_test_bootstrap_admin_key";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @TempDir
    static Path dataDir;
    static LocalProvider webhooks;
    static ConfigurableApplicationContext herald;
    static WebTestClient http;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws IOException {
        webhooks = new LocalProvider();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String baseUrl = "http://localhost:" + port;
        herald = new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=" + port,
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.delivery.public-base-url=" + baseUrl,
                "--herald.delivery.webhook.signing-secret=whsec-templates-test",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + SMTP.getSmtp().getPort());
        http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        herald.close();
        webhooks.close();
    }

    @Test
    void oneTemplateInThreeLocalesReachesInboxEmailAndWebhookRenderedForEachRecipient() throws Exception {
        Map<String, Object> template = Map.of("defaultLocale", "en", "locales", Map.of(
                "en", content("Your order {{order.id}} has shipped", "Hello {{name}}", "Hello"),
                "de", content("Ihre Bestellung {{order.id}} ist unterwegs", "Hallo {{name}}", "Hallo"),
                "fr", content("Votre commande {{order.id}} est en route", "Bonjour {{name}}", "Bonjour")));
        save("order-shipped", template).expectStatus().isCreated()
                .expectHeader().location("/api/v1/templates/order-shipped")
                .expectBody().json("{\"templateKey\":\"order-shipped\",\"version\":1,\"created\":true,"
                                   + "\"changed\":true}");
        save("order-shipped", template).expectStatus().isOk()
                .expectBody().json("{\"version\":1,\"created\":false,\"changed\":false}");

        Map<String, String> localeOf = new LinkedHashMap<>();
        localeOf.put("ann", "en-GB");
        localeOf.put("dirk", "de-CH");
        localeOf.put("fleur", "fr");
        Map<String, String> sent = new LinkedHashMap<>();
        for (var recipient : localeOf.entrySet()) {
            String id = recipient.getKey();
            putRecipient(id, Map.of("email", id + "@example.com", "webhookUrl", webhooks.url("/hooks/" + id),
                                    "locale", recipient.getValue()));
            sent.put(id, send(Map.of("recipientId", id, "category", "orders",
                                      "channels", List.of("IN_APP", "EMAIL", "WEBHOOK"), "template", "order-shipped",
                                      "data", Map.of("name", id.toUpperCase() + " <& Co>",
                                                     "order", Map.of("id", "O-" + id)))));
        }
        Map<String, List<String>> expected = Map.of(
                "ann", List.of("en", "Your order O-ann has shipped", "Hello ANN <& Co>", "Hello"),
                "dirk", List.of("de", "Ihre Bestellung O-dirk ist unterwegs", "Hallo DIRK <& Co>", "Hallo"),
                "fleur", List.of("fr", "Votre commande O-fleur est en route", "Bonjour FLEUR <& Co>", "Bonjour"));

        for (var recipient : sent.entrySet()) {
            String id = recipient.getKey();
            List<String> want = expected.get(id);
            JsonNode status = awaitFinal(recipient.getValue());
            for (JsonNode channel : status.get("channels")) {
                assertThat(channel.get("status").asText()).as(id + " " + channel).isEqualTo("DELIVERED");
            }

            MimeMessage email = emailTo(id + "@example.com", want.get(1));
            assertThat(part(email, "text/plain")).startsWith(want.get(2) + ", order O-" + id);
            assertThat(part(email, "text/html"))
                    .startsWith("<p>" + want.get(3) + " <b>" + id.toUpperCase() + " &lt;&amp; Co&gt;</b></p>")
                    .contains("unsubscribe</a>");

            JsonNode webhook = JSON.readTree(await().atMost(Duration.ofSeconds(30))
                    .until(() -> webhooks.at("/hooks/" + id), calls -> !calls.isEmpty()).get(0).body());
            assertThat(webhook.get("title").asText()).isEqualTo(want.get(1));
            assertThat(webhook.get("fields").get("orderId").asText()).isEqualTo("O-" + id);
            assertThat(webhook.get("fields").get("greeting").asText()).isEqualTo(want.get(2));
            assertThat(webhook.get("template").get("locale").asText()).isEqualTo(want.get(0));

            String token = token(id);
            JsonNode item = inbox(token).get("items").get(0);
            assertThat(item.get("title").asText()).isEqualTo(want.get(1));
            assertThat(item.get("body").asText()).isEqualTo(want.get(2) + ", your parcel is on its way.");
            assertThat(item.get("template")).isEqualTo(JSON.readTree(
                    "{\"key\":\"order-shipped\",\"version\":1,\"locale\":\"" + want.get(0) + "\"}"));
            JsonNode graphQl = graphQl(token, "{ notifications(first: 1) { edges { node { title "
                                              + "template { key version locale } } } } }");
            assertThat(graphQl.at("/data/notifications/edges/0/node/template/locale").asText())
                    .isEqualTo(want.get(0));
            assertThat(graphQl.at("/data/notifications/edges/0/node/template/version").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aNewVersionChangesLaterSendsButNotWhatWasSentAlreadyEvenAfterAReplay() {
        putRecipient("vera", Map.of("locale", "en"));
        save("welcome", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "inApp", Map.of("title", "Welcome {{name}}", "body", "first version")))))
                .expectStatus().isCreated();
        String first = send(inAppTemplate("vera", "welcome"));
        save("welcome", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "inApp", Map.of("title", "Hi {{name}}", "body", "second version")))))
                .expectStatus().isOk().expectBody().json("{\"version\":2,\"changed\":true}");
        String second = send(inAppTemplate("vera", "welcome"));
        String pinned = send(Map.of("recipientId", "vera", "category", "news", "channels", List.of("IN_APP"),
                                    "template", "welcome", "version", 1, "data", Map.of("name", "Vera")));

        get("/api/v1/templates/welcome?version=1").expectStatus().isOk()
                .expectBody().json("{\"key\":\"welcome\",\"version\":1,\"latestVersion\":2}");
        String token = token("vera");
        Map<String, String> expected = Map.of(first, "Welcome Vera", second, "Hi Vera", pinned, "Welcome Vera");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(titles(token)).isEqualTo(expected));

        http.post().uri("/api/v1/admin/projections/inbox/replay").header(HttpHeaders.AUTHORIZATION, apiKey())
                .exchange().expectStatus().is2xxSuccessful();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode inbox = get("/api/v1/admin/projections").expectStatus().isOk().expectBody(JsonNode.class)
                    .returnResult().getResponseBody();
            JsonNode report = StreamSupport.stream(inbox.spliterator(), false)
                    .filter(projection -> projection.get("name").asText().equals("inbox")).findFirst().orElseThrow();
            assertThat(report.get("status").asText()).isEqualTo("LIVE");
            assertThat(report.get("servingVersion").asInt()).isEqualTo(2);
        });
        assertThat(titles(token)).isEqualTo(expected);
    }

    @Test
    void aMissingVariableIsA422NamingItAndStoresNothing() {
        putRecipient("mia", Map.of("locale", "de"));
        save("receipt", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "inApp", Map.of("title", "Receipt {{receipt.number}}", "body", "Total {{total}}")))))
                .expectStatus().isCreated();
        String key = "receipt-" + UUID.randomUUID();

        sendWithKey(Map.of("recipientId", "mia", "category", "billing", "channels", List.of("IN_APP"),
                           "template", "receipt", "data", Map.of("total", "9.00")), key)
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("TEMPLATE_VARIABLE_MISSING")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("the data has no variable 'receipt'").contains("inApp.title"));

        // Nothing was stored under the key: the corrected request is a first send, not a replay of the refusal.
        sendWithKey(Map.of("recipientId", "mia", "category", "billing", "channels", List.of("IN_APP"),
                           "template", "receipt", "data", Map.of("total", "9.00", "receipt", Map.of("number", 7))),
                    key)
                .expectStatus().isAccepted()
                .expectHeader().doesNotExist("Idempotent-Replayed");
        String token = token("mia");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(inbox(token).get("items")).hasSize(1));
        assertThat(inbox(token).get("items").get(0).get("title").asText()).isEqualTo("Receipt 7");
    }

    @Test
    void hostileTemplatesAreRefusedWhenSavedOrBoundedWhenSent() {
        save("include", inAppOnly("Hi", "{{> /etc/passwd}}")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("TEMPLATE_INVALID")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("locales.en.inApp.body: partials such as {{> /etc/passwd}} are not allowed"));
        save("broken", inAppOnly("Hi", "Line one\n  {{#items}}unclosed")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("TEMPLATE_INVALID")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("Section missing close tag 'items' at line 2, column 3"));
        get("/api/v1/templates/include").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TEMPLATE_NOT_FOUND");

        putRecipient("hal", Map.of());
        save("probe", inAppOnly("Hi", "{{name.class.classLoader}}")).expectStatus().isCreated();
        send(Map.of("recipientId", "hal", "category", "x", "channels", List.of("IN_APP"), "template", "probe",
                    "data", Map.of("name", "Hal")), 422)
                .jsonPath("$.code").isEqualTo("TEMPLATE_VARIABLE_MISSING")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("no variable 'name.class.classLoader'"));

        save("loop", inAppOnly("Hi", "{{#l}}{{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}{{/l}}")).expectStatus()
                .isCreated();
        send(Map.of("recipientId", "hal", "category", "x", "channels", List.of("IN_APP"), "template", "loop",
                    "data", Map.of("l", IntStream.range(0, 100).boxed().toList())), 422)
                .jsonPath("$.code").isEqualTo("TEMPLATE_RENDERING_FAILED");
        assertThat(inbox(token("hal")).get("items")).isEmpty();
    }

    @Test
    void previewRendersPerChannelWithLocaleFallbackAndArchivedTemplatesCannotBeSent() {
        save("digest", Map.of("defaultLocale", "en", "locales", Map.of(
                "en", content("Digest for {{name}}", "Hello {{name}}", "Hello"),
                "de", content("Zusammenfassung für {{name}}", "Hallo {{name}}", "Hallo"))))
                .expectStatus().isCreated();
        http.post().uri("/api/v1/templates/digest/preview").header(HttpHeaders.AUTHORIZATION, apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("locale", "de-AT", "data", Map.of("name", "<Ute>", "order", Map.of("id", 5))))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.template.locale").isEqualTo("de")
                .jsonPath("$.title").isEqualTo("Zusammenfassung für <Ute>")
                .jsonPath("$.content.email.html").isEqualTo("<p>Hallo <b>&lt;Ute&gt;</b></p>")
                .jsonPath("$.content.email.text").isEqualTo("Hallo <Ute>, order 5")
                .jsonPath("$.content.webhook.orderId").isEqualTo("5");

        http.delete().uri("/api/v1/templates/digest").header(HttpHeaders.AUTHORIZATION, apiKey())
                .exchange().expectStatus().isNoContent();
        get("/api/v1/templates/digest").expectStatus().isOk().expectBody().json("{\"archived\":true}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("/api/v1/templates?archived=true")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.templates[?(@.key == 'digest')].latestVersion").isEqualTo(List.of(1))
                .jsonPath("$.templates[?(@.key == 'digest')].locales").isEqualTo(List.of(List.of("de", "en"))));
        get("/api/v1/templates").expectStatus().isOk().expectBody()
                .jsonPath("$.templates[?(@.key == 'digest')]").isEmpty();
        putRecipient("otto", Map.of());
        send(Map.of("recipientId", "otto", "category", "news", "channels", List.of("IN_APP"), "template", "digest",
                    "data", Map.of("name", "Otto", "order", Map.of("id", 1))), 422)
                .jsonPath("$.code").isEqualTo("TEMPLATE_ARCHIVED");
        http.delete().uri("/api/v1/templates/nothing-here").header(HttpHeaders.AUTHORIZATION, apiKey())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TEMPLATE_NOT_FOUND");
    }

    private static Map<String, Object> content(String title, String greeting, String htmlGreeting) {
        return Map.of("inApp", Map.of("title", title, "body", greeting + ", your parcel is on its way."),
                      "email", Map.of("subject", title, "text", greeting + ", order {{order.id}}",
                                      "html", "<p>" + htmlGreeting + " <b>{{name}}</b></p>"),
                      "webhook", Map.of("orderId", "{{order.id}}", "greeting", greeting));
    }

    private static Map<String, Object> inAppOnly(String title, String body) {
        return Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("inApp", Map.of("title", title,
                                                                                              "body", body))));
    }

    private static Map<String, Object> inAppTemplate(String recipientId, String template) {
        return Map.of("recipientId", recipientId, "category", "news", "channels", List.of("IN_APP"),
                      "template", template, "data", Map.of("name", "Vera"));
    }

    private static Map<String, String> titles(String token) {
        Map<String, String> titles = new java.util.HashMap<>();
        inbox(token).get("items").forEach(item -> titles.put(item.get("id").asText(), item.get("title").asText()));
        return titles;
    }

    private static String apiKey() {
        return "ApiKey " + ADMIN_KEY;
    }

    private static WebTestClient.ResponseSpec save(String key, Map<String, Object> template) {
        return http.put().uri("/api/v1/templates/{key}", key).header(HttpHeaders.AUTHORIZATION, apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(template).exchange();
    }

    private static WebTestClient.ResponseSpec get(String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, apiKey()).exchange();
    }

    private static void putRecipient(String id, Map<String, Object> contacts) {
        http.put().uri("/api/v1/recipients/{id}", id).header(HttpHeaders.AUTHORIZATION, apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(contacts)
                .exchange().expectStatus().is2xxSuccessful();
    }

    private static WebTestClient.ResponseSpec sendWithKey(Map<String, Object> notification, String key) {
        return http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, apiKey())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(notification).exchange();
    }

    private static String send(Map<String, Object> notification) {
        return http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(notification)
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("notificationId").asText();
    }

    private static WebTestClient.BodyContentSpec send(Map<String, Object> notification, int status) {
        return http.post().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(notification)
                .exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
    }

    private static String token(String recipientId) {
        return http.post().uri("/api/v1/recipient-tokens").header(HttpHeaders.AUTHORIZATION, apiKey())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientId", recipientId))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asText();
    }

    private static JsonNode inbox(String token) {
        return http.get().uri("/api/v1/me/notifications?limit=20").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode graphQl(String token, String query) {
        return http.post().uri("/graphql").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", query))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode awaitFinal(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> get("/api/v1/notifications/" + id).expectBody(JsonNode.class).returnResult().getResponseBody(),
                status -> status != null && status.has("channels") && StreamSupport
                        .stream(status.get("channels").spliterator(), false)
                        .allMatch(channel -> List.of("DELIVERED", "FAILED", "SKIPPED", "CANCELLED")
                                .contains(channel.get("status").asText())));
    }

    private static MimeMessage emailTo(String address, String subject) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(
                        SMTP.getReceivedMessagesForDomain(address))
                        .filter(message -> subject.equals(subject(message))).findFirst().orElse(null),
                Objects::nonNull);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first part of this MIME type, however deeply the multiparts nest. */
    private static String part(Part part, String mimeType) throws Exception {
        if (part.isMimeType(mimeType)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = part(child, mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}

package dev.herald.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.app.HeraldApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real Herald started in this JVM on a random port, and the calls a sender's back end makes to it: the browser
 * plays the recipient, this class plays everyone else.
 */
public final class InProcessHerald implements AutoCloseable {

    public static final String ADMIN_KEY = "hk_browser_test_bootstrap_admin_key";
    static final String JWT_SECRET = "browser-test-jwt-secret-of-at-least-32-bytes";

    private final ConfigurableApplicationContext context;
    private final WebTestClient http;
    public final String baseUrl;

    private InProcessHerald(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
        this.http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
    }

    public static InProcessHerald start(Path dataDir) {
        return new InProcessHerald(new SpringApplicationBuilder(HeraldApplication.class).run(
                "--server.port=0",
                "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.security.jwt-secret=" + JWT_SECRET,
                "--axon.update-check.disabled=true"));
    }

    /** The running application, for tests that look at its beans (its routes, its signing keys). */
    public ConfigurableApplicationContext context() {
        return context;
    }

    public void putRecipient(String recipientId) {
        http.put().uri("/api/v1/recipients/{id}", recipientId)
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", recipientId + "@example.com"))
                .exchange().expectStatus().is2xxSuccessful();
    }

    public String token(String recipientId) {
        JsonNode minted = http.post().uri("/api/v1/recipient-tokens")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientId", recipientId))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(minted).isNotNull();
        return minted.get("token").asText();
    }

    /** A token exactly like the ones Herald mints, except that it expired an hour ago. */
    static String expiredToken(String recipientId) throws JOSEException {
        Instant expiredAt = Instant.now().minus(Duration.ofHours(1));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(recipientId).issuer("herald").audience("herald-inbox").claim("scope", "recipient")
                .issueTime(Date.from(expiredAt.minus(Duration.ofHours(1)))).expirationTime(Date.from(expiredAt))
                .build();
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        token.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    /** Sends on the in-app channel only, so that the notification lands in the inbox and nowhere else. */
    public String sendInApp(String recipientId, String category, String title, String body) {
        JsonNode accepted = http.post().uri("/api/v1/notifications")
                .header(HttpHeaders.AUTHORIZATION, "ApiKey " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("recipientId", recipientId, "category", category, "channels", List.of("IN_APP"),
                        "title", title, "body", body))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(accepted).isNotNull();
        return accepted.get("notificationId").asText();
    }

    /** The recipient's counts as the API answers them, to check that what the page did really happened. */
    JsonNode unreadCount(String token) {
        return http.get().uri("/api/v1/me/unread-count").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Override
    public void close() {
        context.close();
    }
}

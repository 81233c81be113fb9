package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.api.CommandTimeout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** What a node bound, as admins see it on {@code /actuator/configprops}, and the one command timeout it uses. */
class ConfigPropsIT {

    @TempDir
    static Path dataDir;
    static RunningHerald herald;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir, "--herald.commands.timeout=7s",
                                     "--herald.delivery.sms.token=sms-provider-token-never-shown");
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void theCommandTimeoutEveryModuleGetsIsTheConfiguredOne() {
        assertThat(herald.bean(CommandTimeout.class).value()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void adminsSeeHeraldsSettingsAsBoundWithSecretsMasked() {
        JsonNode beans = configprops(RunningHerald.ADMIN_KEY).path("contexts").elements().next().path("beans");

        JsonNode herald = bound(beans, "HeraldProperties");
        assertThat(herald.at("/properties/commands/timeout").asText()).isEqualTo("PT7S");
        assertThat(herald.at("/properties/commands/threads").asInt()).isEqualTo(8);
        assertThat(herald.at("/properties/security/jwtSecret").asText()).isEqualTo("******");
        assertThat(herald.at("/properties/security/bootstrapApiKey").asText()).isEqualTo("******");
        JsonNode delivery = bound(beans, "DeliveryProperties");
        assertThat(delivery.at("/properties/retry/maxAttempts").asInt()).isEqualTo(8);
        assertThat(delivery.at("/properties/sms/token").asText()).isEqualTo("******");
        assertThat(delivery.at("/properties/unsubscribeSecret").asText()).isEqualTo("******");
        assertThat(bound(beans, "ClusterProperties").at("/properties/heartbeat").asText()).isEqualTo("PT2S");
        assertThat(beans.toString()).doesNotContain(RunningHerald.JWT_SECRET, RunningHerald.ADMIN_KEY,
                                                     "sms-provider-token-never-shown");
    }

    @Test
    void onlyAdminsMayReadThem() {
        String sendKey = herald.http.post().uri("/api/v1/admin/api-keys")
                .header(HttpHeaders.AUTHORIZATION, Api.apiKey(RunningHerald.ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("senderId", "shop", "scopes", List.of("send")))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("apiKey").asText();

        herald.http.get().uri("/actuator/configprops").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        herald.http.get().uri("/actuator/configprops").header(HttpHeaders.AUTHORIZATION, Api.apiKey(sendKey))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static JsonNode configprops(String key) {
        return herald.http.get().uri("/actuator/configprops").header(HttpHeaders.AUTHORIZATION, Api.apiKey(key))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The bean of the record {@code simpleName} (its name ends with the record's class name). */
    private static JsonNode bound(JsonNode beans, String simpleName) {
        var names = beans.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.endsWith("." + simpleName)) {
                return beans.get(name);
            }
        }
        throw new AssertionError("no configuration properties bean of " + simpleName + " in " + beans);
    }
}

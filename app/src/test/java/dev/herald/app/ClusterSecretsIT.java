package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.herald.api.Channel;
import dev.herald.app.cluster.MongoWireServer;
import dev.herald.saga.unsubscribe.UnsubscribeTokens;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Two nodes of the mongo profile on one MongoDB, with no secret configured on either: the admin key, the recipient
 * tokens and the unsubscribe links of one are accepted by the other, because the first node generated each secret
 * once for the cluster and the second read it from the shared store.
 */
class ClusterSecretsIT {

    @TempDir
    Path dataDirs;

    @Test
    void whatOneNodeIssuesTheOtherAcceptsWithNoSecretConfigured() {
        try (MongoWireServer mongo = MongoWireServer.start();
             RunningHerald a = RunningHerald.onProfileWithoutSecrets("mongo", mongo.uri(), dataDirs.resolve("a"));
             RunningHerald b = RunningHerald.onProfileWithoutSecrets("mongo", mongo.uri(), dataDirs.resolve("b"))) {
            String adminKey = keptSecret(mongo, "bootstrap-api-key");

            a.http.put().uri("/api/v1/recipients/ivy").header(HttpHeaders.AUTHORIZATION, Api.apiKey(adminKey))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "ivy@example.com"))
                    .exchange().expectStatus().is2xxSuccessful();
            JsonNode issued = a.http.post().uri("/api/v1/recipient-tokens")
                    .header(HttpHeaders.AUTHORIZATION, Api.apiKey(adminKey))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("recipientId", "ivy"))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            String unsubscribeLink = a.bean(UnsubscribeTokens.class).issue("ivy", "billing", Channel.EMAIL);

            b.http.get().uri("/api/v1/me/unread-count")
                    .header(HttpHeaders.AUTHORIZATION, Api.bearer(issued.get("token").asText()))
                    .exchange().expectStatus().isOk();
            b.http.get().uri(builder -> builder.path("/api/v1/unsubscribe").queryParam("token", unsubscribeLink)
                    .build()).exchange().expectStatus().isOk();
            JsonNode keys = b.http.get().uri("/api/v1/admin/api-keys")
                    .header(HttpHeaders.AUTHORIZATION, Api.apiKey(adminKey))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(keys.toString()).contains("bootstrap");
            assertThat(dataDirs.resolve("a").resolve("jwt-secret")).doesNotExist();
            assertThat(dataDirs.resolve("b").resolve("unsubscribe-secret")).doesNotExist();
        }
    }

    private static String keptSecret(MongoWireServer mongo, String name) {
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            Document kept = client.getDatabase("herald").getCollection(SharedSecrets.COLLECTION)
                    .find(new Document("_id", name)).first();
            assertThat(kept).as("secret %s kept in the shared store", name).isNotNull();
            return kept.getString("value");
        }
    }
}

package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.herald.app.cluster.MongoWireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The claim protocol of cluster-wide secrets, each step forced in turn rather than left to thread timing. */
class SharedSecretsTest {

    private final MongoWireServer mongo = MongoWireServer.start();
    private final MongoClient client = MongoClients.create(mongo.uri());

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void theFirstNodeKeepsItsCandidateAndSaysItCreatedIt() {
        SharedSecrets secrets = new SharedSecrets(client.getDatabase("herald"));

        assertThat(secrets.readOrCreate("jwt-secret", () -> "first"))
                .isEqualTo(new DataDirectory.Secret("first", true));
        assertThat(secrets.readOrCreate("jwt-secret", () -> "second"))
                .isEqualTo(new DataDirectory.Secret("first", false));
    }

    /** Both nodes found nothing; the other inserted while this one was making its candidate. */
    @Test
    void aNodeWhoseInsertIsRefusedUsesTheWinnersSecret() {
        SharedSecrets thisNode = new SharedSecrets(client.getDatabase("herald"));
        SharedSecrets otherNode = new SharedSecrets(client.getDatabase("herald"));

        DataDirectory.Secret kept = thisNode.readOrCreate("unsubscribe-secret", () -> {
            assertThat(otherNode.readOrCreate("unsubscribe-secret", () -> "winner").created()).isTrue();
            return "loser";
        });

        assertThat(kept).isEqualTo(new DataDirectory.Secret("winner", false));
    }
}

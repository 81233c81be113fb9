package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile {@code mongo}: events and everything derived in MongoDB, here mongo-java-server as the test double (the
 * real MongoDB runs in the axon-server module's container tests where Docker exists).
 */
class MongoProfileIT {

    @TempDir
    Path dataDir;
    private MongoServer mongo;
    private String uri;

    @BeforeEach
    void startMongo() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        uri = "--spring.data.mongodb.uri=mongodb://" + address.getHostString() + ":" + address.getPort() + "/herald";
    }

    @AfterEach
    void stopMongo() {
        mongo.shutdownNow();
    }

    @Test
    void sendsAndReadsWithEventsInMongo() {
        try (RunningHerald herald = RunningHerald.start(dataDir, "--spring.profiles.active=mongo", uri)) {
            Api api = herald.api();
            api.putRecipient("gina");
            String first = api.sendAccepted(Api.inAppNotification("gina", "one"));
            api.sendAccepted(Api.inAppNotification("gina", "two"));
            String token = api.token("gina");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.unreadCount(token).get("total").asLong()).isEqualTo(2));
            api.markRead(token, first).expectStatus().is2xxSuccessful();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.unreadCount(token).get("unread").asLong()).isEqualTo(1));
            assertThat(Path.of(dataDir.toString(), "events.db")).doesNotExist();
            assertThat(Path.of(dataDir.toString(), "read-models.db")).doesNotExist();
        }
        try (RunningHerald herald = RunningHerald.start(dataDir, "--spring.profiles.active=mongo", uri)) {
            String token = herald.api().token("gina");
            assertThat(herald.api().unreadCount(token).get("unread").asLong()).isEqualTo(1);
            assertThat(herald.api().unreadCount(token).get("total").asLong()).isEqualTo(2);
        }
    }
}

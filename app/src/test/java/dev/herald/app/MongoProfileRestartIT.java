package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.app.cluster.MongoWireServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node on the mongo profile, against a MongoDB that outlives it, keeps processing across restarts: its
 * projections go on from the tokens they stored before. Those tokens once came back with their time multiplied by
 * 1,000 on each load; the first restart then re-read the whole store on every batch, the second could not load them
 * at all and counting stopped. Hence two restarts.
 */
class MongoProfileRestartIT {

    private static final int SENDS_PER_RUN = 10;

    @TempDir
    Path dataDir;

    @Test
    void countsKeepGrowingAcrossRestarts() {
        try (MongoWireServer mongo = MongoWireServer.start()) {
            for (int run = 1; run <= 3; run++) {
                try (RunningHerald herald = RunningHerald.onProfile("mongo", mongo.uri(), dataDir)) {
                    Api api = herald.api();
                    api.putRecipient("hana");
                    for (int i = 0; i < SENDS_PER_RUN; i++) {
                        api.sendAccepted(Api.inAppNotification("hana", "run " + run + ", send " + i));
                    }
                    String token = api.token("hana");
                    long expected = (long) run * SENDS_PER_RUN;
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                            assertThat(api.unreadCount(token).get("total").asLong()).isEqualTo(expected));
                    assertThat(api.unreadCount(token).get("unread").asLong()).isEqualTo(expected);
                }
            }
        }
    }
}

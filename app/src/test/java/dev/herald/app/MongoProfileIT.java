package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile {@code mongo}: events in MongoDB through axon-mongo, here on the embedded MongoDB-wire server (the real
 * MongoDB runs in the axon-server module's container tests where Docker exists).
 */
class MongoProfileIT {

    @TempDir
    Path dataDir;

    @Test
    void sendsAndReadsWithEventsInMongo() {
        try (RunningHerald herald = RunningHerald.start(dataDir, "--spring.profiles.active=mongo")) {
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
        }
        try (RunningHerald herald = RunningHerald.start(dataDir, "--spring.profiles.active=mongo")) {
            String token = herald.api().token("gina");
            assertThat(herald.api().unreadCount(token).get("unread").asLong()).isEqualTo(1);
            assertThat(herald.api().unreadCount(token).get("total").asLong()).isEqualTo(2);
        }
    }
}

package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts are right after a burst, after a read, and after a stop and start on the same data directory. */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void countsSurviveARestart() {
        List<String> ids = new ArrayList<>();
        try (RunningHerald herald = RunningHerald.start(dataDir)) {
            Api api = herald.api();
            api.putRecipient("erin");
            for (int i = 0; i < 200; i++) {
                ids.add(api.sendAccepted(Api.inAppNotification("erin", "notification " + i)));
            }
            String token = api.token("erin");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertCounts(api, token, 200, 200));

            api.markRead(token, ids.get(17)).expectStatus().is2xxSuccessful();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertCounts(api, token, 199, 200));
        }
        try (RunningHerald herald = RunningHerald.start(dataDir)) {
            Api api = herald.api();
            String token = api.token("erin");
            assertCounts(api, token, 199, 200);
            List<String> listed = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = api.inbox(token, 50, cursor);
                page.get("items").forEach(item -> listed.add(item.get("id").asText()));
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            List<String> newestFirst = new ArrayList<>(ids);
            java.util.Collections.reverse(newestFirst);
            assertThat(listed).containsExactlyElementsOf(newestFirst);
        }
    }

    private static void assertCounts(Api api, String token, long unread, long total) {
        JsonNode counts = api.unreadCount(token);
        assertThat(counts.get("unread").asLong()).isEqualTo(unread);
        assertThat(counts.get("total").asLong()).isEqualTo(total);
    }
}

package dev.herald.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.broadcast.BroadcastContent;
import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.api.broadcast.BroadcastProgressedEvent;
import dev.herald.api.broadcast.BroadcastStartedEvent;
import dev.herald.api.broadcast.BroadcastTemplate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Broadcast events written before broadcasts could carry a template still read, with the event store's own mapper:
 * no template, and no recipients skipped for rendering; events with a template keep it through a round trip.
 */
class TemplatelessBroadcastEventsTest {

    private final ObjectMapper events = AxonInfrastructureConfiguration.axonObjectMapper();

    @Test
    void broadcastEventsWithoutATemplateStillRead() throws Exception {
        BroadcastStartedEvent started = events.readValue(
                "{\"broadcastId\":\"b-1\",\"senderId\":\"admin\",\"topics\":[\"beta\"],\"actorId\":null,"
                + "\"content\":{\"category\":\"releases\",\"priority\":\"NORMAL\",\"channels\":[\"IN_APP\"],"
                + "\"title\":\"2.0 is out\",\"body\":\"\",\"data\":{},\"sendAt\":null},\"requestFingerprint\":\"fp\"}",
                BroadcastStartedEvent.class);
        BroadcastProgressedEvent progressed = events.readValue(
                "{\"broadcastId\":\"b-1\",\"runnerId\":\"n-1\",\"cursor\":\"bob\",\"totals\":{\"targeted\":3,"
                + "\"created\":2,\"skippedActor\":1,\"skippedNotFound\":0},\"leaseUntil\":\"2030-01-01T09:00:10Z\"}",
                BroadcastProgressedEvent.class);

        assertThat(started).isEqualTo(new BroadcastStartedEvent("b-1", "admin", List.of("beta"), null,
                new BroadcastContent("releases", Priority.NORMAL, Set.of(Channel.IN_APP), "2.0 is out", "", Map.of(),
                                     null), "fp"));
        assertThat(started.content().template()).isNull();
        assertThat(progressed.totals()).isEqualTo(new BroadcastCounts(3, 2, 1, 0, 0));
    }

    @Test
    void templatedBroadcastEventsKeepTheirTemplate() throws Exception {
        Object[] written = {
            new BroadcastStartedEvent("b-1", "admin", List.of("beta"), "alice", new BroadcastContent(
                    "releases", Priority.HIGH, Set.of(Channel.IN_APP), null, null, Map.of("version", "2.0"), null,
                    new BroadcastTemplate("release", 2, "de")), "fp"),
            new BroadcastProgressedEvent("b-1", "n-1", "bob", new BroadcastCounts(3, 1, 1, 0, 1),
                                         Instant.parse("2030-01-01T09:00:10Z"))
        };

        for (Object event : written) {
            assertThat(events.readValue(events.writeValueAsString(event), event.getClass())).isEqualTo(event);
        }
    }
}

package dev.herald.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Positions counted on axon-mongo's event store, whose tokens are timestamps, agree with the events read. */
class MongoStreamPositionsTest {

    private MongoServer server;
    private MongoClient client;
    private MongoEventStorageEngine engine;
    private MongoStreamPositions positions;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        MongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(client.getDatabase("herald")).build();
        engine = MongoEventStorageEngine.builder()
                .mongoTemplate(template)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .build();
        positions = new MongoStreamPositions(template);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anEmptyStoreHasNoHeadAndNothingPassed() {
        assertThat(positions.head()).isEmpty();
        assertThat(positions.position(null)).hasValue(0);
    }

    @Test
    void aTokenHasPassedTheEventsReadUpToIt() {
        Instant start = Instant.parse("2026-12-04T10:00:00Z");
        engine.appendEvents(IntStream.range(0, 5)
                .mapToObj(i -> new GenericDomainEventMessage<>("test", "aggregate", i, "payload " + i, null,
                                                               "event-" + i, start.plusMillis(i * 300L)))
                .toList());
        List<TrackingToken> tokens = engine.readEvents(null, false).map(TrackedEventMessage::trackingToken).toList();

        assertThat(positions.head()).hasValue(5);
        assertThat(positions.position(engine.createTailToken())).hasValue(0);
        for (int read = 1; read <= 5; read++) {
            assertThat(positions.position(tokens.get(read - 1))).as("after %d events", read).hasValue(read);
        }
        assertThat(positions.position(ReplayToken.createReplayToken(tokens.get(4), tokens.get(1))))
                .as("a replay counts where it is, not where it will end").hasValue(2);
    }
}

package dev.herald.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.DataDirectory;
import dev.herald.app.HeraldProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded event store as the command side and the processors use it, on a real SQLite file. */
class SqliteEventStoreTest {

    @TempDir
    Path dataDir;
    private final EmbeddedEventStoreConfiguration configuration = new EmbeddedEventStoreConfiguration();
    private HikariDataSource writer;
    private HikariDataSource reader;
    private WalGroupSync groupSync;
    private EventStorageEngine engine;

    @BeforeEach
    void openStore() {
        HeraldProperties properties = new HeraldProperties(dataDir, Set.of(), null, null,
                new HeraldProperties.EventStore(HeraldProperties.EventStore.Flush.GROUP));
        DataDirectory directory = new DataDirectory(properties);
        writer = configuration.eventStoreWriter(directory, properties);
        reader = configuration.eventStoreReader(directory);
        groupSync = configuration.walGroupSync(directory);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        engine = configuration.eventStorageEngine(writer, reader,
                configuration.commandStorage(writer, groupSync, properties), serializer, serializer);
    }

    @AfterEach
    void closeStore() throws InterruptedException {
        groupSync.close();
        reader.close();
        writer.close();
    }

    @Test
    void secondCreationOfAnAggregateIsAConflictNotAFailure() {
        engine.appendEvents(event("n-1", 0, "first"));
        assertThatThrownBy(() -> engine.appendEvents(event("n-1", 0, "again")))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void sequenceTakenByAnotherWriterIsAConcurrencyConflict() {
        engine.appendEvents(event("n-2", 0, "a"), event("n-2", 1, "b"));
        assertThatThrownBy(() -> engine.appendEvents(event("n-2", 1, "c")))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void processorsReadEverythingInAppendOrder() {
        IntStream.range(0, 2_500).forEach(i -> engine.appendEvents(event("agg-" + i % 10, i / 10, "e" + i)));
        List<String> payloads;
        try (var stream = engine.readEvents(null, false)) {
            payloads = stream.map(TrackedEventMessage::getPayload).map(Object::toString)
                    .collect(Collectors.toList());
        }
        assertThat(payloads).hasSize(2_500).startsWith("e0", "e1").endsWith("e2499");
        assertThat(engine.readEvents("agg-3").asStream().count()).isEqualTo(250);
    }

    @Test
    void emptyStoreAnswersTokenAndSequenceQuestions() {
        assertThat(engine.createTailToken()).isNull();
        assertThat(engine.createHeadToken()).isNull();
        assertThat(engine.lastSequenceNumberFor("nothing")).isEmpty();
        try (var stream = engine.readEvents(null, false)) {
            assertThat(stream.count()).isZero();
        }
    }

    @Test
    void tokensPointAtTheEndsOfTheStore() {
        engine.appendEvents(event("n-4", 0, "a"), event("n-4", 1, "b"));
        assertThat(engine.lastSequenceNumberFor("n-4")).contains(1L);
        try (var stream = engine.readEvents(engine.createHeadToken(), false)) {
            assertThat(stream.count()).isZero();
        }
        try (var stream = engine.readEvents(engine.createTailToken(), false)) {
            assertThat(stream.count()).isEqualTo(2);
        }
    }

    @Test
    void groupSyncAcknowledgesEveryWaiterAndSharesFlushes() throws Exception {
        engine.appendEvents(event("n-3", 0, "x"));
        List<CompletableFuture<Void>> waiters = IntStream.range(0, 500)
                .mapToObj(i -> groupSync.whenDurable()).toList();
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(groupSync.acknowledged()).isEqualTo(500);
        assertThat(groupSync.flushes()).isBetween(1L, 500L);
    }

    @Test
    void groupSyncRefusesWaitersAfterClose() throws Exception {
        groupSync.close();
        assertThat(groupSync.whenDurable()).failsWithin(Duration.ofSeconds(5));
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Test", aggregate, sequence, payload);
    }
}

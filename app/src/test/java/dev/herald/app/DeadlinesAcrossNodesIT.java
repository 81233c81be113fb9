package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.app.axon.MongoDeadlineManager;
import dev.herald.app.delivery.LocalProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where deadlines live per profile: on the mongo profile in the MongoDB every node shares, so that a retry set by a
 * node that is gone for good is made by another; on the default profile in the node's own file, as before.
 */
class DeadlinesAcrossNodesIT {

    private static final String RETRY_DEADLINE = "herald-delivery-retry";

    @TempDir
    Path dataDirA;
    @TempDir
    Path dataDirB;
    private MongoServer mongo;
    private MongoClient inspector;
    private String mongoUri;

    @BeforeEach
    void startSharedMongo() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/herald";
        inspector = MongoClients.create(mongoUri);
    }

    @AfterEach
    void stopSharedMongo() {
        inspector.close();
        mongo.shutdownNow();
    }

    @Test
    void aRetryScheduledByANodeThatIsGoneIsMadeByAnother() throws Exception {
        MongoCollection<Document> deadlines = inspector.getDatabase("herald").getCollection("deadlines");
        try (LocalProvider provider = new LocalProvider()) {
            provider.answerNext("/sms", new LocalProvider.Answer(503, 4));
            RunningHerald a = node(dataDirA, provider); // first, so it holds every segment, the saga's too
            assertThat(a.bean(DeadlineManager.class)).isInstanceOf(MongoDeadlineManager.class);
            Api api = a.api();
            api.putRecipient("emil", Map.of("phone", "+15550111"));
            String notificationId = api.sendAccepted(Map.of("recipientId", "emil", "category", "alerts",
                    "channels", List.of("SMS"), "title", "Disk almost full", "body", "92%"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    deadlines.countDocuments(Filters.eq("deadlineName", RETRY_DEADLINE)) == 1);
            assertThat(provider.at("/sms")).hasSize(1);
            assertThat(deadlines.find(Filters.eq("deadlineName", RETRY_DEADLINE)).first())
                    .containsEntry("processor", "delivery");

            try (RunningHerald b = node(dataDirB, provider)) {
                a.close(); // gone for good, before its retry was due

                await().atMost(Duration.ofSeconds(60)).until(() -> provider.at("/sms").size() == 2);
                assertThat(provider.at("/sms")).extracting(call -> call.header("Idempotency-Key"))
                        .containsOnly(notificationId + ":SMS");
                // Recorded on the aggregate: the retry went the whole way, not just out of the door.
                MongoCollection<Document> events = inspector.getDatabase("herald").getCollection("domainevents");
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        events.countDocuments(Filters.regex("payloadType", "DeliverySucceededEvent$")) == 1);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        deadlines.countDocuments(Filters.eq("deadlineName", RETRY_DEADLINE)) == 0);
            } finally {
                a.close();
            }
        }
    }

    @Test
    void theDefaultProfileKeepsDeadlinesInTheNodesOwnFile() {
        try (RunningHerald herald = RunningHerald.start(dataDirA)) {
            assertThat(herald.bean(DeadlineManager.class)).isInstanceOf(DbSchedulerDeadlineManager.class);
            assertThat(dataDirA.resolve("delivery.db")).exists();
        }
    }

    private RunningHerald node(Path dataDir, LocalProvider provider) {
        return RunningHerald.start(dataDir, "--spring.profiles.active=mongo",
                "--spring.data.mongodb.uri=" + mongoUri,
                "--herald.delivery.sms.url=" + provider.url("/sms"),
                "--herald.delivery.retry.first-delay=200ms");
    }
}

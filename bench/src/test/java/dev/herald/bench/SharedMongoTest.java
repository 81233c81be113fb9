package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import dev.herald.bench.SharedMongo.SegmentClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedMongoTest {

    @TempDir
    Path work;

    @Test
    void segmentClaimsAreReadFromTheTokenStoreOfTheDatabaseHeraldIsGiven() {
        try (SharedMongo mongo = SharedMongo.start(null, work.resolve("mongo.log"))) {
            String uri = setting(mongo, "--spring.data.mongodb.uri=");
            String database = setting(mongo, "--spring.data.mongodb.database=");
            try (MongoClient client = MongoClients.create(uri)) {
                MongoCollection<Document> tokens = client.getDatabase(database)
                        .getCollection(SharedMongo.TRACKING_TOKENS);
                tokens.insertOne(token("status", 0, "12@host"));
                tokens.insertOne(token("inbox", 1, null));
                tokens.insertOne(token("inbox", 0, "12@host"));

                assertThat(mongo.segmentClaims()).containsExactly(new SegmentClaim("inbox", 0, "12@host"),
                                                                  new SegmentClaim("inbox", 1, null),
                                                                  new SegmentClaim("status", 0, "12@host"));

                mongo.drop();
                assertThat(mongo.segmentClaims()).isEmpty();
                assertThat(client.getDatabase(database).listCollectionNames().into(new ArrayList<>())).isEmpty();
            }
        }
    }

    @Test
    void theInProcessServerLogsToItsOwnFile() throws Exception {
        Path log = work.resolve("scaling-1").resolve("mongo.log");
        try (SharedMongo mongo = SharedMongo.start(null, log)) {
            String uri = setting(mongo, "--spring.data.mongodb.uri=");
            try (MongoClient client = MongoClients.create(uri)) {
                // mongo-java-server ignores non-unique indexes, and says so
                client.getDatabase(setting(mongo, "--spring.data.mongodb.database="))
                        .getCollection("domainevents").createIndex(Indexes.ascending("timestamp", "sequenceNumber"));
            }
        }
        assertThat(Files.readString(log)).contains("WARN", "index");
    }

    @Test
    void aRealMongoUsesTheDatabaseItsUriNamesElseItsOwn() {
        assertThat(SharedMongo.databaseOf("mongodb://db.example:27017/perf?replicaSet=rs0")).isEqualTo("perf");
        assertThat(SharedMongo.databaseOf("mongodb://db.example:27017/?replicaSet=rs0"))
                .isEqualTo(SharedMongo.DEFAULT_DATABASE);
        assertThat(SharedMongo.databaseOf("mongodb://db.example")).isEqualTo(SharedMongo.DEFAULT_DATABASE);
    }

    @Test
    void aUriIsShownWithoutItsPassword() {
        assertThat(SharedMongo.withoutPassword("mongodb://bench:s3cret@db.example:27017/perf"))
                .isEqualTo("mongodb://bench:***@db.example:27017/perf");
        assertThat(SharedMongo.withoutPassword("mongodb://db.example:27017/perf"))
                .isEqualTo("mongodb://db.example:27017/perf");
    }

    private static String setting(SharedMongo mongo, String prefix) {
        return mongo.heraldSettings().stream().filter(setting -> setting.startsWith(prefix)).findFirst()
                .orElseThrow().substring(prefix.length());
    }

    private static Document token(String processor, int segment, String owner) {
        return new Document("processorName", processor).append("segment", segment).append("owner", owner);
    }
}

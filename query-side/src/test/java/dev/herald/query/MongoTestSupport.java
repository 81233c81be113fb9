package dev.herald.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A real mongo-java-server (memory backend) reached through the real sync driver. It records the filter of every
 * find, update and delete the code under test sends, so that a test can prove each lookup is by {@code _id}; the
 * test's own inspection goes through a second client that is not recorded.
 */
public final class MongoTestSupport implements AutoCloseable {

    private static final List<String> FILTERED_COMMANDS = List.of("find", "update", "delete", "findAndModify",
                                                                  "count", "aggregate", "distinct");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String database;
    private final MongoClient recordedClient;
    private final MongoClient inspectingClient;
    private final List<String> filters = Collections.synchronizedList(new ArrayList<>());
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    public MongoTestSupport(String database) {
        this.database = database;
        InetSocketAddress address = server.bind();
        ConnectionString uri = new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort());
        recordedClient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(uri)
                .addCommandListener(new FilterRecorder())
                .build());
        inspectingClient = MongoClients.create(uri);
    }

    /** A template that reaches the server through the recorded client. */
    public MongoTemplate template() {
        return new MongoTemplate(recordedClient, database);
    }

    public void clear() {
        inspectingClient.getDatabase(database).drop();
        filters.clear();
        commands.clear();
    }

    /**
     * Every document of the collections as canonical JSON text, ordered by {@code _id}. Text keeps field order,
     * so two snapshots are equal only when the documents are written identically.
     */
    public Map<String, List<String>> snapshot(String... collections) {
        Map<String, List<String>> snapshot = new LinkedHashMap<>();
        for (String collection : collections) {
            List<Document> documents = inspectingClient.getDatabase(database).getCollection(collection)
                    .find().into(new ArrayList<>());
            snapshot.put(collection, documents.stream()
                    .sorted(Comparator.comparing(document -> String.valueOf(document.get("_id"))))
                    .map(Document::toJson)
                    .toList());
        }
        return snapshot;
    }

    /** The documents themselves, to put back with {@link #restore} and so start a test from a known state. */
    public Map<String, List<Document>> dump(String... collections) {
        Map<String, List<Document>> dump = new LinkedHashMap<>();
        for (String collection : collections) {
            dump.put(collection, inspectingClient.getDatabase(database).getCollection(collection)
                    .find().into(new ArrayList<>()));
        }
        return dump;
    }

    public void restore(Map<String, List<Document>> dump) {
        clear();
        dump.forEach((collection, documents) -> {
            if (!documents.isEmpty()) {
                inspectingClient.getDatabase(database).getCollection(collection).insertMany(documents);
            }
        });
    }

    public long count(String collection) {
        return inspectingClient.getDatabase(database).getCollection(collection).countDocuments();
    }

    public List<String> recordedFilters() {
        synchronized (filters) {
            return List.copyOf(filters);
        }
    }

    /** The name and collection of every read and write command sent through the recorded client, in order. */
    public List<String> recordedCommands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** Fails unless every recorded filter is on {@code _id} alone: an equality, or an {@code $in} of values. */
    public void assertEveryLookupIsByKey() {
        List<String> recorded = recordedFilters();
        assertThat(recorded).isNotEmpty();
        assertThat(recorded).allSatisfy(filter -> {
            BsonDocument parsed = BsonDocument.parse(filter);
            assertThat(parsed.keySet()).as(filter).containsExactly("_id");
            BsonValue id = parsed.get("_id");
            if (id.isDocument()) {
                assertThat(id.asDocument().keySet()).as("an operator on _id in " + filter).containsExactly("$in");
                assertThat(id.asDocument().get("$in").asArray()).as(filter)
                        .allSatisfy(value -> assertThat(value.isDocument()).as(filter).isFalse());
            }
        });
    }

    @Override
    public void close() {
        recordedClient.close();
        inspectingClient.close();
        server.shutdownNow();
    }

    private final class FilterRecorder implements CommandListener {

        @Override
        public void commandStarted(CommandStartedEvent event) {
            BsonDocument command = event.getCommand();
            if (List.of("find", "insert", "update", "delete").contains(event.getCommandName())) {
                commands.add(event.getCommandName() + " " + command.getString(event.getCommandName()).getValue());
            }
            if (!FILTERED_COMMANDS.contains(event.getCommandName())) {
                return;
            }
            switch (event.getCommandName()) {
                case "find", "count", "distinct" -> filters.add(filterOf(command, "filter", "query"));
                case "findAndModify" -> filters.add(filterOf(command, "query"));
                case "update" -> command.getArray("updates")
                        .forEach(update -> filters.add(filterOf(update.asDocument(), "q")));
                case "delete" -> command.getArray("deletes")
                        .forEach(delete -> filters.add(filterOf(delete.asDocument(), "q")));
                default -> filters.add("{\"aggregate\": \"not a key lookup\"}");
            }
        }

        private String filterOf(BsonDocument document, String... names) {
            for (String name : names) {
                if (document.containsKey(name)) {
                    return document.getDocument(name).toJson();
                }
            }
            return "{}";
        }
    }
}

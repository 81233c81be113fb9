package dev.herald.app;

import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.Date;
import java.util.function.Supplier;
import org.bson.Document;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Secrets generated once for a whole cluster and kept in its shared MongoDB (collection {@value #COLLECTION}, one
 * document per secret, {@code _id} its name), so that every node signs and checks with the same ones without anyone
 * configuring them. Used where a node runs a cluster profile ({@code mongo}, {@code axon-server}) on a configured
 * {@code spring.data.mongodb.uri}; otherwise the store is the node's own and secrets stay in its data directory.
 * <p>
 * Nodes that start at once agree by letting the database pick a winner: each reads; finding nothing, it inserts its
 * own candidate; the unique {@code _id} refuses all inserts but the first, and a refused node reads and uses the
 * winner's. Writes wait for a majority and reads see only majority-committed data, so that a failover of the replica
 * set cannot take back a secret that a node is already using.
 */
public final class SharedSecrets {

    public static final String COLLECTION = "herald_secrets";
    static final String CLUSTER_PROFILES = "mongo | axon-server";
    static final String DEFAULT_DATABASE = "herald";

    private final MongoCollection<Document> secrets;

    public SharedSecrets(MongoDatabase database) {
        this.secrets = database.getCollection(COLLECTION)
                .withWriteConcern(WriteConcern.MAJORITY)
                .withReadConcern(ReadConcern.MAJORITY);
    }

    /** Whether this node's secrets belong in the shared store: a cluster profile on a configured MongoDB. */
    public static boolean isShared(Environment environment) {
        String uri = environment.getProperty("spring.data.mongodb.uri");
        return uri != null && !uri.isBlank() && environment.acceptsProfiles(Profiles.of(CLUSTER_PROFILES));
    }

    /** The database Spring Boot's MongoDB client uses: the configured one, else the URI's, else Herald's default. */
    static String databaseName(Environment environment) {
        String configured = environment.getProperty("spring.data.mongodb.database");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String fromUri = new ConnectionString(environment.getProperty("spring.data.mongodb.uri")).getDatabase();
        return fromUri != null ? fromUri : DEFAULT_DATABASE;
    }

    /**
     * The secret called {@code name}: the one already kept, or {@code candidate}'s if this call is the first to keep
     * one ({@link DataDirectory.Secret#created()} then says so, to this caller only).
     */
    public DataDirectory.Secret readOrCreate(String name, Supplier<String> candidate) {
        String kept = read(name);
        if (kept != null) {
            return new DataDirectory.Secret(kept, false);
        }
        String value = candidate.get();
        try {
            secrets.insertOne(new Document("_id", name).append("value", value).append("createdAt", new Date()));
            return new DataDirectory.Secret(value, true);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            String winner = read(name);
            if (winner == null) {
                throw new IllegalStateException("secret " + name + " was refused as a duplicate but cannot be read", e);
            }
            return new DataDirectory.Secret(winner, false);
        }
    }

    private String read(String name) {
        Document document = secrets.find(Filters.eq("_id", name)).first();
        return document == null ? null : document.getString("value");
    }
}

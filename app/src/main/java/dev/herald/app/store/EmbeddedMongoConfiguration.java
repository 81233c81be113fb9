package dev.herald.app.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.herald.app.DataDirectory;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Starts an in-process MongoDB-wire server (mongo-java-server, H2 file backend under the data directory) when no
 * {@code spring.data.mongodb.uri} is configured, and points the real MongoDB driver at it. Everything derived lives
 * there: read models, projection tokens, API keys. It loses up to a second of writes on a crash, always at a point
 * between whole commands ({@link CheckpointedH2Backend}). For projections that is safe: the tokens are lost with the
 * read-model writes they cover, and every projection is idempotent, so the events are simply applied again. Saga
 * state is not that forgiving, because the deadlines it schedules are durable at once, so it lives elsewhere on this
 * profile ({@code EmbeddedSagaStorage}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.data.mongodb.uri:}'.isEmpty()")
public class EmbeddedMongoConfiguration {

    static final String DATABASE_FILE = "read-models.mv";

    /** How much a crash can lose of what lives here; see {@link CheckpointedH2Backend}. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    @Bean
    H2Backend embeddedMongoBackend(DataDirectory dataDirectory) {
        return new CheckpointedH2Backend(dataDirectory.resolve(DATABASE_FILE), CHECKPOINT_INTERVAL);
    }

    @Bean(destroyMethod = "shutdownNow")
    MongoServer embeddedMongoServer(H2Backend embeddedMongoBackend) {
        MongoServer server = new MongoServer(embeddedMongoBackend);
        server.bind("127.0.0.1", 0);
        return server;
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoServer embeddedMongoServer) {
        InetSocketAddress address = embeddedMongoServer.getLocalAddress();
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(
                        "mongodb://" + address.getHostString() + ":" + address.getPort()))
                .build());
    }
}

package dev.herald.app.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.DataDirectory;
import dev.herald.app.HeraldProperties;
import dev.herald.app.axon.AxonInfrastructureConfiguration;
import dev.herald.app.axon.DeadlineConfiguration;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.sqlite.SQLiteDataSource;

/**
 * The extension point for tools outside the application: Herald's embedded stores (default profile) opened on a data
 * directory while no Herald runs on it, through the same factory methods, serializers and token table the
 * application uses, so that what a tool writes is exactly what Herald reads. The benchmark suite ({@code bench})
 * seeds events and measures the store's own rates through it; Herald itself never calls it.
 */
public final class OfflineStores implements AutoCloseable {

    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final WalGroupSync groupSync;
    private final CommandStorage commandStorage;
    private final EventStorageEngine engine;

    private OfflineStores(Path dataDir) {
        HeraldProperties properties = new HeraldProperties(dataDir, Set.of(), null, null,
                new HeraldProperties.EventStore(HeraldProperties.EventStore.Flush.GROUP));
        DataDirectory directory = new DataDirectory(properties);
        EmbeddedEventStoreConfiguration configuration = new EmbeddedEventStoreConfiguration();
        Serializer serializer = eventSerializer();
        this.writer = configuration.eventStoreWriter(directory, properties);
        this.reader = configuration.eventStoreReader(directory);
        this.groupSync = configuration.walGroupSync(directory);
        this.commandStorage = configuration.commandStorage(writer, groupSync, properties);
        this.engine = configuration.eventStorageEngine(writer, reader, commandStorage, serializer, serializer);
    }

    /** Opens the event store in {@code dataDir} with group-commit durability, as the default profile does. */
    public static OfflineStores open(Path dataDir) {
        return new OfflineStores(dataDir);
    }

    /** The serializer Herald writes events with. */
    public static Serializer eventSerializer() {
        return new AxonInfrastructureConfiguration().eventSerializer();
    }

    /** The file that holds the read models, their processors' tokens and the API keys. */
    public static Path readModelsFile(Path dataDir) {
        return dataDir.resolve(ReadModelStorageConfiguration.Embedded.DATABASE_FILE);
    }

    /** The file that holds the delivery saga's state, its token and its deadlines. */
    public static Path deliveryFile(Path dataDir) {
        return dataDir.resolve(DeadlineConfiguration.DATABASE_FILE);
    }

    /** The token table in {@code sqliteFile} (one of the two above), read and written as Herald does. */
    public static TokenStore tokenStore(Path sqliteFile) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + sqliteFile);
        return new SqliteTokenStore(JdbcTokenStore.builder()
                .connectionProvider(dataSource::getConnection)
                .serializer(new AxonInfrastructureConfiguration().tokenSerializer()));
    }

    /** Reads through the reader pool (as the event processors do); appends on the single writer connection. */
    public EventStorageEngine engine() {
        return engine;
    }

    /** The transactions commands append in, on the writer connection. */
    public TransactionManager transactionManager() {
        return commandStorage.transactionManager();
    }

    /** Completes once a flush that started after this call has made every earlier commit durable. */
    public CompletableFuture<Void> whenDurable() {
        return groupSync.whenDurable();
    }

    @Override
    public void close() throws InterruptedException {
        groupSync.close();
        reader.close();
        writer.close();
    }
}

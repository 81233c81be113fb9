package dev.herald.app.axon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.herald.app.store.SqliteTokenStore;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.sqlite.SQLiteDataSource;

/**
 * Pieces of Herald's Axon set-up, built by the app's own {@link AxonInfrastructureConfiguration} so that what the
 * benchmark suite writes is exactly what Herald reads: the event serializer, and the token store on the embedded
 * read-model file. In the app's package (a split package on the bench classpath) because those factory methods are
 * package-private.
 */
public final class BenchAxonParts {

    private BenchAxonParts() {
    }

    /** The serializer Herald writes events with. */
    public static Serializer eventSerializer() {
        return new AxonInfrastructureConfiguration().eventSerializer();
    }

    /**
     * Moves every segment of every event processor recorded in the read-model file to {@code position}, as if each
     * had handled every event up to it. Herald must be stopped. After this, a replay treats all events up to
     * {@code position} as replayed history, which is what a rebuild of a long-running installation sees, instead of
     * handling events that were seeded into the store as new ones.
     *
     * @return the processors moved, as {@code name[segments]}
     */
    public static List<String> moveProcessorsTo(Path readModelsFile, TrackingToken position) {
        if (!Files.exists(readModelsFile)) {
            return List.of();
        }
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + readModelsFile);
        TokenStore tokens = new SqliteTokenStore(JdbcTokenStore.builder()
                .connectionProvider(dataSource::getConnection)
                .serializer(new AxonInfrastructureConfiguration().tokenSerializer()));
        List<String> processors = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet names = select.executeQuery("SELECT DISTINCT processorName FROM TokenEntry")) {
            while (names.next()) {
                processors.add(names.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the processors of " + readModelsFile, e);
        }
        List<String> moved = new ArrayList<>();
        for (String processor : processors) {
            int[] segments = tokens.fetchSegments(processor);
            for (int segment : segments) {
                tokens.fetchToken(processor, segment);
                tokens.storeToken(position, processor, segment);
                tokens.releaseClaim(processor, segment);
            }
            moved.add(processor + "[" + segments.length + "]");
        }
        return moved;
    }

    /**
     * The same for the delivery saga's processor, whose token lives in the node's delivery file on the embedded
     * profile ({@link EmbeddedSagaStorage}).
     *
     * @return the processors moved, as {@code name[segments]}; none when the file holds no token
     */
    public static List<String> moveDeliveryProcessorTo(Path dataDir, TrackingToken position) {
        Path file = dataDir.resolve(DeadlineConfiguration.DATABASE_FILE);
        if (!java.nio.file.Files.exists(file)) {
            return List.of();
        }
        org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        TokenStore tokens = new SqliteTokenStore(
                JdbcTokenStore.builder()
                        .connectionProvider(dataSource::getConnection)
                        .serializer(new AxonInfrastructureConfiguration().tokenSerializer()));
        String processor = dev.herald.saga.delivery.DeliverySaga.PROCESSING_GROUP;
        int[] segments = tokens.fetchSegments(processor);
        for (int segment : segments) {
            tokens.fetchToken(processor, segment);
            tokens.storeToken(position, processor, segment);
            tokens.releaseClaim(processor, segment);
        }
        return segments.length == 0 ? List.of() : List.of(processor + "[" + segments.length + "]");
    }
}

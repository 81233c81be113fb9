package dev.herald.bench;

import dev.herald.app.store.OfflineStores;
import dev.herald.saga.delivery.DeliverySaga;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

/**
 * Moves Herald's event processors to a position in the event store, as if each had handled every event up to it.
 * Herald must be stopped. After this, a replay treats all events up to that position as replayed history, which is
 * what a rebuild of a long-running installation sees, instead of handling events that were seeded into the store as
 * new ones. Tokens are read and written through the app's {@link OfflineStores}, as Herald reads them.
 */
final class ProcessorPositions {

    private ProcessorPositions() {
    }

    /**
     * Every segment of every processor whose tokens live in the read-model file (the query side's).
     *
     * @return the processors moved, as {@code name[segments]}
     */
    static List<String> moveReadModelProcessorsTo(Path dataDir, TrackingToken position) {
        Path file = OfflineStores.readModelsFile(dataDir);
        if (!Files.exists(file)) {
            return List.of();
        }
        TokenStore tokens = OfflineStores.tokenStore(file);
        List<String> moved = new ArrayList<>();
        for (String processor : processorNames(file)) {
            int segments = move(tokens, processor, position);
            moved.add(processor + "[" + segments + "]");
        }
        return moved;
    }

    /**
     * The delivery saga's processor, whose token lives in the node's delivery file on the embedded profile.
     *
     * @return the processor moved, as {@code name[segments]}; none when the file holds no token
     */
    static List<String> moveDeliveryProcessorTo(Path dataDir, TrackingToken position) {
        Path file = OfflineStores.deliveryFile(dataDir);
        if (!Files.exists(file)) {
            return List.of();
        }
        String processor = DeliverySaga.PROCESSING_GROUP;
        int segments = move(OfflineStores.tokenStore(file), processor, position);
        return segments == 0 ? List.of() : List.of(processor + "[" + segments + "]");
    }

    private static int move(TokenStore tokens, String processor, TrackingToken position) {
        int[] segments = tokens.fetchSegments(processor);
        for (int segment : segments) {
            tokens.fetchToken(processor, segment);
            tokens.storeToken(position, processor, segment);
            tokens.releaseClaim(processor, segment);
        }
        return segments.length;
    }

    private static List<String> processorNames(Path file) {
        List<String> processors = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement select = connection.createStatement();
             ResultSet names = select.executeQuery("SELECT DISTINCT processorName FROM TokenEntry")) {
            while (names.next()) {
                processors.add(names.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the processors of " + file, e);
        }
        return processors;
    }
}

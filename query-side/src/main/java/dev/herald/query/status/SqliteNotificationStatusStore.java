package dev.herald.query.status;

import static dev.herald.query.projection.ProjectionVersions.collection;
import static dev.herald.query.projection.SqliteReadModel.chunks;
import static dev.herald.query.projection.SqliteReadModel.placeholders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.query.projection.SqliteReadModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The statuses in SQLite, a row per notification in {@value NotificationStatusProjection#COLLECTION}: the keys a
 * reader filters on as columns, the channels and their attempts as JSON text (they are only ever read whole, with
 * the row). A status is written whole, in its new state, in the batch's transaction.
 */
public class SqliteNotificationStatusStore implements NotificationStatusStore {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final SqliteReadModel tables;

    public SqliteNotificationStatusStore(DataSource dataSource) {
        this.tables = new SqliteReadModel(dataSource, NotificationStatusProjection.DEFINITION.collections(),
                                          version -> List.of(
                                                  "CREATE TABLE IF NOT EXISTS " + table(version)
                                                  + " (notification_id TEXT NOT NULL PRIMARY KEY,"
                                                  + " sender_id TEXT, recipient_id TEXT, state TEXT,"
                                                  + " document TEXT NOT NULL)"));
    }

    @Override
    public Map<String, NotificationStatusDocument> find(int version, Collection<String> notificationIds) {
        Map<String, NotificationStatusDocument> found = new HashMap<>();
        for (List<String> chunk : chunks(notificationIds)) {
            tables.jdbc(version).query("SELECT document FROM " + table(version) + " WHERE notification_id IN ("
                                       + placeholders(chunk.size()) + ")", row -> {
                NotificationStatusDocument document = read(row.getString(1));
                found.put(document.notificationId(), document);
            }, chunk.toArray());
        }
        return found;
    }

    @Override
    public void write(int version, List<NotificationStatusDocument> created,
                      List<NotificationStatusDocument> changed) {
        List<Object[]> rows = new ArrayList<>();
        created.forEach(document -> rows.add(row(document)));
        changed.forEach(document -> rows.add(row(document)));
        tables.write(version, jdbc -> jdbc.batchUpdate(
                "INSERT OR REPLACE INTO " + table(version) + " (notification_id, sender_id, recipient_id, state,"
                + " document) VALUES (?, ?, ?, ?, ?)", rows));
    }

    @Override
    public void drop(int version) {
        tables.drop(version);
    }

    private static String table(int version) {
        return collection(NotificationStatusProjection.COLLECTION, version);
    }

    private static Object[] row(NotificationStatusDocument document) {
        try {
            return new Object[] {document.notificationId(), document.senderId(), document.recipientId(),
                    document.state() == null ? null : document.state().name(), JSON.writeValueAsString(document)};
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status is always serializable", e);
        }
    }

    private static NotificationStatusDocument read(String json) {
        try {
            return JSON.readValue(json, NotificationStatusDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored status is not readable", e);
        }
    }
}

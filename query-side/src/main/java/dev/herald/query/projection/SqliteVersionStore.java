package dev.herald.query.projection;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The versions in the SQLite read-model database, a row per projection in {@value #TABLE}. */
public class SqliteVersionStore implements VersionStore {

    static final String TABLE = ProjectionVersions.COLLECTION;
    /** Fields only: {@code isBuilding()} would otherwise compete with the {@code building} component. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .build();

    private final SqliteReadModel table;

    public SqliteVersionStore(DataSource dataSource) {
        this.table = new SqliteReadModel(dataSource, List.of(TABLE), version -> List.of(
                "CREATE TABLE IF NOT EXISTS " + TABLE + " (name TEXT NOT NULL PRIMARY KEY, version TEXT NOT NULL)"));
    }

    @Override
    public Optional<ProjectionVersion> find(String projection) {
        return table.jdbc(ProjectionVersions.FIRST_VERSION)
                .query("SELECT version FROM " + TABLE + " WHERE name = ?",
                       (row, number) -> read(row.getString(1)), projection)
                .stream().findFirst();
    }

    @Override
    public void save(ProjectionVersion version) {
        String json;
        try {
            json = JSON.writeValueAsString(version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a version is always serializable", e);
        }
        table.write(ProjectionVersions.FIRST_VERSION, jdbc -> jdbc.update(
                "INSERT OR REPLACE INTO " + TABLE + " (name, version) VALUES (?, ?)", version.name(), json));
    }

    private static ProjectionVersion read(String json) {
        try {
            return JSON.readValue(json, ProjectionVersion.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored version is not readable", e);
        }
    }
}

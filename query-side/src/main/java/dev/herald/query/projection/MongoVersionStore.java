package dev.herald.query.projection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoOperations;

/** The versions in MongoDB, a document per projection ({@code _id} = its name) in {@value #COLLECTION}. */
public class MongoVersionStore implements VersionStore {

    static final String COLLECTION = ProjectionVersions.COLLECTION;

    private final MongoOperations mongo;

    public MongoVersionStore(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<ProjectionVersion> find(String projection) {
        return Optional.ofNullable(mongo.findById(projection, StoredVersion.class, COLLECTION))
                .map(StoredVersion::toVersion);
    }

    @Override
    public void save(ProjectionVersion version) {
        mongo.save(StoredVersion.of(version), COLLECTION);
    }

    record StoredVersion(@Id String name, int serving, Integer building,
                         List<String> collections, ReplayRun replay, Integer retired,
                         Instant retiredAt) {

        static StoredVersion of(ProjectionVersion version) {
            return new StoredVersion(version.name(), version.serving(), version.building(), version.collections(),
                                     version.replay(), version.retired(), version.retiredAt());
        }

        ProjectionVersion toVersion() {
            return new ProjectionVersion(name, serving, building, collections, replay, retired, retiredAt);
        }
    }
}

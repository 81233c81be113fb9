package dev.herald.query.projection;

import java.util.Optional;

/** Where {@link ProjectionVersions} keeps which version of each read model serves and which one is being built. */
public interface VersionStore {

    Optional<ProjectionVersion> find(String projection);

    void save(ProjectionVersion version);
}

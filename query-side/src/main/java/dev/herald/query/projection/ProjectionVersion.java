package dev.herald.query.projection;

import java.time.Instant;
import java.util.List;

/**
 * Which collection set of a projection answers queries ({@code serving}) and which one a replay is filling
 * ({@code building}, null when none is). A retired set is dropped a little after the switch, so that a node that
 * still has the old number in its short cache does not read from a collection that is gone.
 */
public record ProjectionVersion(String name, int serving, Integer building, List<String> collections,
                                ReplayRun replay, Integer retired, Instant retiredAt) {

    public static ProjectionVersion initial(String name, List<String> collections) {
        return new ProjectionVersion(name, ProjectionVersions.FIRST_VERSION, null, collections, null, null, null);
    }

    /** Where the handlers write: the set being built during a replay, else the serving one. */
    public int writeVersion() {
        return building != null ? building : serving;
    }

    public boolean isBuilding() {
        return building != null;
    }

    ProjectionVersion building(int version, List<String> collectionNames) {
        return new ProjectionVersion(name, serving, version, collectionNames, replay, retired, retiredAt);
    }

    ProjectionVersion withReplay(ReplayRun run) {
        return new ProjectionVersion(name, serving, building, collections, run, retired, retiredAt);
    }

    ProjectionVersion switchedOver(Instant at) {
        return new ProjectionVersion(name, building, null, collections, replay == null ? null : replay.finished(at),
                                     serving, at);
    }

    ProjectionVersion withoutRetired() {
        return new ProjectionVersion(name, serving, building, collections, replay, null, null);
    }
}

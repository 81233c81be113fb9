package dev.herald.query.inbox;

import dev.herald.query.projection.ProjectionVersions;

/** The collection names of one version of the inbox read model. */
record InboxCollections(String heads, String buckets, String locators, String pending) {

    static InboxCollections of(int version) {
        return new InboxCollections(ProjectionVersions.collection(InboxProjection.HEADS, version),
                                    ProjectionVersions.collection(InboxProjection.BUCKETS, version),
                                    ProjectionVersions.collection(InboxProjection.LOCATORS, version),
                                    ProjectionVersions.collection(InboxProjection.PENDING, version));
    }
}

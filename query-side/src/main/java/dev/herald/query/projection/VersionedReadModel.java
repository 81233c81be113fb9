package dev.herald.query.projection;

/** A projection's storage, as far as versions go: a replay builds a new version, a retired one is dropped. */
public interface VersionedReadModel {

    /** Removes every trace of that version, so that a replay into it starts empty. */
    void drop(int version);

    /**
     * Readies a version to answer queries, before it starts serving: indexes that only queries need may be left
     * out while a replay fills the version and are built here, at once, after its rows.
     */
    default void prepareToServe(int version) {
    }
}

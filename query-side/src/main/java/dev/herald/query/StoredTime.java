package dev.herald.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as MongoDB keeps them (milliseconds), so that a document written equals the same document read back. */
public final class StoredTime {

    private StoredTime() {
    }

    public static Instant of(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }
}

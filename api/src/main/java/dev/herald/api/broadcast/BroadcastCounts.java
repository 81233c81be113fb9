package dev.herald.api.broadcast;

/**
 * How far a broadcast got: distinct subscribers reached ({@code targeted}), notifications that exist for them
 * ({@code created}), and those skipped because the subscriber is the actor, is not a registered recipient, or the
 * broadcast's template could not be rendered for them ({@code skippedRenderingFailed}, e.g. a translation that lacks
 * a variable). Once the broadcast is done, {@code targeted = created + skipped()}. Events stored before templates
 * lack {@code skippedRenderingFailed} and read it as 0.
 */
public record BroadcastCounts(long targeted, long created, long skippedActor, long skippedNotFound,
                              long skippedRenderingFailed) {

    public static final BroadcastCounts NONE = new BroadcastCounts(0, 0, 0, 0, 0);

    /** Counts of a broadcast without a template. */
    public BroadcastCounts(long targeted, long created, long skippedActor, long skippedNotFound) {
        this(targeted, created, skippedActor, skippedNotFound, 0);
    }

    public BroadcastCounts plus(BroadcastCounts other) {
        return new BroadcastCounts(targeted + other.targeted, created + other.created,
                                   skippedActor + other.skippedActor, skippedNotFound + other.skippedNotFound,
                                   skippedRenderingFailed + other.skippedRenderingFailed);
    }

    public long skipped() {
        return skippedActor + skippedNotFound + skippedRenderingFailed;
    }
}

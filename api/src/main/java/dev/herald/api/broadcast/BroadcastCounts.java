package dev.herald.api.broadcast;

/**
 * How far a broadcast got: distinct subscribers reached ({@code targeted}), notifications that exist for them
 * ({@code created}), and those skipped because the subscriber is the actor or is not a registered recipient.
 * Once the broadcast is done, {@code targeted = created + skippedActor + skippedNotFound}.
 */
public record BroadcastCounts(long targeted, long created, long skippedActor, long skippedNotFound) {

    public static final BroadcastCounts NONE = new BroadcastCounts(0, 0, 0, 0);

    public BroadcastCounts plus(BroadcastCounts other) {
        return new BroadcastCounts(targeted + other.targeted, created + other.created,
                                   skippedActor + other.skippedActor, skippedNotFound + other.skippedNotFound);
    }

    public long skipped() {
        return skippedActor + skippedNotFound;
    }
}

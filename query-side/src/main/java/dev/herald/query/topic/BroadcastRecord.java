package dev.herald.query.topic;

import dev.herald.api.broadcast.BroadcastCounts;
import dev.herald.api.broadcast.BroadcastState;
import dev.herald.api.broadcast.BroadcastStatus;
import dev.herald.query.StoredTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broadcast as the read model keeps it. Every transition sets absolute values taken from its event, so applying
 * an event twice gives the same record.
 */
public record BroadcastRecord(String broadcastId, String senderId, List<String> topics, String actorId,
                              boolean done, BroadcastCounts counts, Instant leaseUntil, Instant startedAt,
                              Instant completedAt) {

    public BroadcastRecord {
        topics = List.copyOf(topics);
        leaseUntil = StoredTime.of(leaseUntil);
        startedAt = StoredTime.of(startedAt);
        completedAt = StoredTime.of(completedAt);
    }

    static BroadcastRecord started(String broadcastId, String senderId, List<String> topics, String actorId,
                                   Instant at) {
        return new BroadcastRecord(broadcastId, senderId, topics, actorId, false, BroadcastCounts.NONE, null, at,
                                   null);
    }

    BroadcastRecord leased(Instant until) {
        return new BroadcastRecord(broadcastId, senderId, topics, actorId, done, counts, until, startedAt,
                                   completedAt);
    }

    BroadcastRecord progressed(BroadcastCounts totals, Instant until) {
        return new BroadcastRecord(broadcastId, senderId, topics, actorId, done, totals, until, startedAt,
                                   completedAt);
    }

    BroadcastRecord completed(BroadcastCounts totals, Instant at) {
        return new BroadcastRecord(broadcastId, senderId, topics, actorId, true, totals, null, startedAt, at);
    }

    BroadcastStatus toStatus() {
        Map<String, Long> skippedBy = new LinkedHashMap<>();
        skippedBy.put("ACTOR", counts.skippedActor());
        skippedBy.put("RECIPIENT_NOT_FOUND", counts.skippedNotFound());
        skippedBy.put("TEMPLATE_RENDERING_FAILED", counts.skippedRenderingFailed());
        return new BroadcastStatus(broadcastId, senderId, topics, actorId,
                                   done ? BroadcastState.DONE : BroadcastState.RUNNING, counts.targeted(),
                                   counts.created(), counts.skipped(), skippedBy, startedAt, completedAt);
    }
}

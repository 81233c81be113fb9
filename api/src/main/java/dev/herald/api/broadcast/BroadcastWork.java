package dev.herald.api.broadcast;

import java.util.List;

/**
 * What a runner that claimed a broadcast needs to resume it: the content, and the last recipient id whose
 * notification is recorded as done ({@code cursor}, null before the first batch) with the counts so far.
 */
public record BroadcastWork(String broadcastId, String senderId, List<String> topics, String actorId,
                            BroadcastContent content, String cursor, BroadcastCounts counts, boolean done) {
}

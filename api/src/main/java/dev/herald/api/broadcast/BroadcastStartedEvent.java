package dev.herald.api.broadcast;

import java.util.List;

/** A broadcast was accepted; its fan-out runs afterwards (see {@link ClaimBroadcastCommand}). */
public record BroadcastStartedEvent(String broadcastId, String senderId, List<String> topics, String actorId,
                                    BroadcastContent content, String requestFingerprint) {
}

package dev.herald.api.broadcast;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A broadcast's progress as its sender sees it: {@code skipped} by reason ({@code ACTOR}, {@code RECIPIENT_NOT_FOUND},
 * {@code TEMPLATE_RENDERING_FAILED}); {@code completedAt} null until it is done.
 */
public record BroadcastStatus(String broadcastId, String senderId, List<String> topics, String actorId,
                              BroadcastState status, long targeted, long created, long skipped,
                              Map<String, Long> skippedBy, Instant startedAt, Instant completedAt) {
}

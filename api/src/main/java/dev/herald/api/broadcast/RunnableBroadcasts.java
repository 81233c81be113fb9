package dev.herald.api.broadcast;

import java.util.List;

public record RunnableBroadcasts(List<String> broadcastIds) {
}

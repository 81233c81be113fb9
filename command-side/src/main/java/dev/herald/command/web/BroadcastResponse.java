package dev.herald.command.web;

import dev.herald.api.broadcast.BroadcastState;

/** What a send to topics answers: the broadcast to follow at {@code /api/v1/broadcasts/{id}}. */
record BroadcastResponse(String broadcastId, BroadcastState status) {
}

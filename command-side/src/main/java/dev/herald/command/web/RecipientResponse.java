package dev.herald.command.web;

/** What {@code PUT /api/v1/recipients/{recipientId}} answers; {@code created} is false for an update. */
record RecipientResponse(String recipientId, boolean created) {
}

package dev.herald.command.web;

import java.util.List;

/** The body of {@code PUT} and {@code DELETE /api/v1/topics/{key}/subscribers}. */
record TopicSubscribersRequest(List<String> recipientIds) {
}

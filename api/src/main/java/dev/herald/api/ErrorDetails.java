package dev.herald.api;

/** What crosses the command bus when a command handler rejects a command: the code and a readable message. */
public record ErrorDetails(ErrorCode code, String message) {
}

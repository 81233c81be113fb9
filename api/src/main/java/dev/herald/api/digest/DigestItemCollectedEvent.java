package dev.herald.api.digest;

/** An item joined the open window {@code window}. */
public record DigestItemCollectedEvent(String digestId, String recipientId, String key, long window,
                                       DigestItem item) {
}

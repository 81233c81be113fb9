package dev.herald.saga.digest;

/** Deadline payload: try sending the released digest again, after {@code failedSends} failures. */
public record DigestSendDue(int failedSends) {
}

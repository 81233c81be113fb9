package dev.herald.saga.digest;

/** Deadline payload: digest window {@code window} closes now. */
public record DigestCloseDue(long window) {
}

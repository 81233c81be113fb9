package dev.herald.api.digest;

import java.time.Instant;

/** The first item of a key arrived with no window open: window number {@code window} collects until closesAt. */
public record DigestWindowOpenedEvent(String digestId, String recipientId, String key, long window,
                                      String windowSpec, Instant closesAt) {

    /** The window's own name, {@code <digestId>#<window>}: what the digest saga of this window is associated with. */
    public String windowId() {
        return DigestNotificationIds.windowId(digestId, window);
    }
}

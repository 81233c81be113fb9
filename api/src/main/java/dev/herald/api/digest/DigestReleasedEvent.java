package dev.herald.api.digest;

import java.util.List;

/**
 * Window {@code window} closed with these items, in the order they were collected. The digest notification goes out
 * under {@code notificationId} (see {@link DigestNotificationIds}), so that sending it again is a repeat of one send.
 */
public record DigestReleasedEvent(String digestId, String recipientId, String key, long window,
                                  String notificationId, List<DigestItem> items) {

    /** The window's own name, {@code <digestId>#<window>}: what the digest saga of this window is associated with. */
    public String windowId() {
        return DigestNotificationIds.windowId(digestId, window);
    }
}

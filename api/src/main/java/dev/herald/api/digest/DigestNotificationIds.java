package dev.herald.api.digest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of the notification a released window goes out as: derived from the digest and the window number only,
 * so that every release of one window, on any node and however often repeated, names the same notification.
 */
public final class DigestNotificationIds {

    private DigestNotificationIds() {
    }

    /** One window of one digest, by name. */
    public static String windowId(String digestId, long window) {
        return digestId + "#" + window;
    }

    public static String of(String digestId, long window) {
        return UUID.nameUUIDFromBytes(("digest\n" + digestId + "\n" + window).getBytes(StandardCharsets.UTF_8))
                   .toString();
    }
}

package dev.herald.command.web;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.notification.SendNotificationCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** A send request that passed validation, in canonical form: defaults filled in, channels a set. */
record NotificationContent(String recipientId, String category, Priority priority, Set<Channel> channels,
                           String title, String body, Map<String, Object> data, Instant sendAt) {

    /**
     * SHA-256 (hex) of the canonical JSON of the content: map keys sorted at every depth, channels sorted by name,
     * {@code sendAt} as a UTC instant. Two requests that mean the same thing have the same fingerprint however
     * their JSON was laid out; any change of meaning changes it.
     */
    String fingerprint() {
        return fingerprint(null);
    }

    /** The same with the addressing of a send to topics in place of the recipient. */
    String fingerprint(String addressing) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("recipientId", addressing == null ? recipientId : addressing);
        canonical.put("category", category);
        canonical.put("priority", priority.name());
        canonical.put("channels", channels.stream().map(Channel::name).sorted().toList());
        canonical.put("title", title);
        canonical.put("body", body);
        canonical.put("data", data);
        canonical.put("sendAt", sendAt == null ? null : sendAt.toString());
        return HexFormat.of().formatHex(sha256().digest(CanonicalJson.write(canonical)));
    }

    SendNotificationCommand toCommand(String notificationId, String senderId) {
        return new SendNotificationCommand(notificationId, senderId, recipientId, category, priority, channels, title,
                                           body, data, sendAt, fingerprint());
    }

    /** Ids derived from the key put a repeat on the same aggregate; the sender is part of it so keys never clash. */
    static String notificationIdFor(String senderId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes((senderId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.herald.command.web;

import dev.herald.api.Channel;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.Priority;
import dev.herald.api.digest.DigestRequest;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.throttle.ThrottleRule;
import dev.herald.command.template.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A send request that passed validation, in canonical form: defaults filled in, channels a set. A templated send
 * has a {@link TemplateChoice} and no title or body (they come from rendering).
 */
record NotificationContent(String recipientId, String category, Priority priority, Set<Channel> channels,
                           String title, String body, Map<String, Object> data, Instant sendAt,
                           TemplateChoice template, ThrottleRule throttle, DigestRequest digest) {

    NotificationContent(String recipientId, String category, Priority priority, Set<Channel> channels, String title,
                        String body, Map<String, Object> data, Instant sendAt, TemplateChoice template) {
        this(recipientId, category, priority, channels, title, body, data, sendAt, template, null, null);
    }

    NotificationContent(String recipientId, String category, Priority priority, Set<Channel> channels, String title,
                        String body, Map<String, Object> data, Instant sendAt, TemplateChoice template,
                        ThrottleRule throttle) {
        this(recipientId, category, priority, channels, title, body, data, sendAt, template, throttle, null);
    }

    NotificationContent(String recipientId, String category, Priority priority, Set<Channel> channels, String title,
                        String body, Map<String, Object> data, Instant sendAt) {
        this(recipientId, category, priority, channels, title, body, data, sendAt, null, null, null);
    }

    NotificationContent withDigest(DigestRequest chosen) {
        return new NotificationContent(recipientId, category, priority, channels, title, body, data, sendAt, template,
                                       throttle, chosen);
    }

    /**
     * SHA-256 (hex) of the canonical JSON of the content: map keys sorted at every depth, channels sorted by name,
     * {@code sendAt} as a UTC instant; a templated send adds its template choice (and only then, so that the
     * fingerprints of sends without a template stay what they always were), and so do a throttle and a digest. Two
     * requests that mean the same thing have the same fingerprint however their JSON was laid out; any change of
     * meaning changes it.
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
        if (template != null) {
            Map<String, Object> choice = new TreeMap<>();
            choice.put("key", template.key());
            choice.put("version", template.version());
            choice.put("locale", template.locale());
            canonical.put("template", choice);
        }
        if (throttle != null) {
            Map<String, Object> rule = new TreeMap<>();
            rule.put("key", throttle.key());
            rule.put("limit", throttle.limit());
            rule.put("window", throttle.window().toString());
            canonical.put("throttle", rule);
        }
        if (digest != null) {
            canonical.put("digest", new TreeMap<>(Map.of("key", digest.key(), "window", digest.window())));
        }
        return HexFormat.of().formatHex(sha256().digest(CanonicalJson.write(canonical)));
    }

    SendNotificationCommand toCommand(String notificationId, String senderId) {
        return new SendNotificationCommand(notificationId, senderId, recipientId, category, priority, channels, title,
                                           body, data, sendAt, fingerprint(), null, null, throttle, digest);
    }

    /** A templated send, with the title and body its rendering gives (checked against the usual limits). */
    SendNotificationCommand toCommand(String notificationId, String senderId, TemplateEngine.Rendered rendered) {
        requireSendable(rendered);
        ChannelContents content = rendered.content();
        return new SendNotificationCommand(notificationId, senderId, recipientId, category, priority, channels,
                                           content.title(), content.body(), data, sendAt, fingerprint(),
                                           rendered.template(), content, throttle, digest);
    }

    /**
     * A rendering's title and body within the limits of a send, or TEMPLATE_RENDERING_FAILED saying which is not;
     * every templated send checks this, to one recipient or to topics (at acceptance and per recipient).
     */
    static void requireSendable(TemplateEngine.Rendered rendered) {
        ChannelContents content = rendered.content();
        String renderedTitle = content.title();
        if (renderedTitle == null || renderedTitle.isBlank()) {
            throw renderingFailed(rendered, "renders an empty title (inApp.title, push.title, email.subject or "
                    + "sms.text)");
        }
        if (renderedTitle.codePointCount(0, renderedTitle.length()) > RequestChecks.MAX_TITLE_LENGTH) {
            throw renderingFailed(rendered, "renders a title longer than " + RequestChecks.MAX_TITLE_LENGTH
                    + " characters");
        }
        String renderedBody = content.body();
        if (renderedBody.codePointCount(0, renderedBody.length()) > RequestChecks.MAX_BODY_LENGTH) {
            throw renderingFailed(rendered, "renders a body longer than " + RequestChecks.MAX_BODY_LENGTH
                    + " characters");
        }
    }

    private static HeraldException renderingFailed(TemplateEngine.Rendered rendered, String problem) {
        return new HeraldException(ErrorCode.TEMPLATE_RENDERING_FAILED, "template " + rendered.template().key()
                + " v" + rendered.template().version() + " (" + rendered.template().locale() + ") " + problem);
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

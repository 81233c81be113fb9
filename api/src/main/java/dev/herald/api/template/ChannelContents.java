package dev.herald.api.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Content per channel, in one locale: a template's source text, or what it rendered to for one send. Any part may
 * be null when the template has nothing for that channel; delivery then falls back to the notification's title and
 * body.
 *
 * @param webhook extra fields for the webhook payload, by name (the payload's {@code fields})
 */
public record ChannelContents(InAppContent inApp, EmailContent email, SmsContent sms, PushContent push,
                              Map<String, String> webhook) {

    public ChannelContents {
        webhook = webhook == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(webhook));
    }

    /**
     * The notification's title as the inbox and fallback deliveries use it: the in-app title, else the push title,
     * the email subject, the SMS text. Null when there is none.
     */
    public String title() {
        return Stream.of(inApp == null ? null : inApp.title(), push == null ? null : push.title(),
                         email == null ? null : email.subject(), sms == null ? null : sms.text())
                     .filter(Objects::nonNull)
                     .filter(text -> !text.isBlank())
                     .findFirst()
                     .orElse(null);
    }

    /** The in-app body, else the push body, the email text, or empty. */
    public String body() {
        return Stream.of(inApp == null ? null : inApp.body(), push == null ? null : push.body(),
                         email == null ? null : email.text())
                     .filter(Objects::nonNull)
                     .filter(text -> !text.isBlank())
                     .findFirst()
                     .orElse("");
    }
}

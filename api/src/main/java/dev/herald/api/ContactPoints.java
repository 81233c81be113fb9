package dev.herald.api;

import java.util.List;

/**
 * How a recipient can be reached. Any field may be null (or empty for push tokens) when the recipient has no
 * such contact point; a channel without a contact point is skipped at send time.
 */
public record ContactPoints(String email, String phone, List<String> pushTokens, String webhookUrl,
                            String locale, String timeZone) {

    public ContactPoints {
        pushTokens = pushTokens == null ? List.of() : List.copyOf(pushTokens);
    }

    public static ContactPoints none() {
        return new ContactPoints(null, null, List.of(), null, null, null);
    }

    /** Whether this recipient can be reached on the channel at all. IN_APP needs nothing. */
    public boolean reaches(Channel channel) {
        return switch (channel) {
            case EMAIL -> email != null && !email.isBlank();
            case SMS -> phone != null && !phone.isBlank();
            case PUSH -> !pushTokens.isEmpty();
            case WEBHOOK -> webhookUrl != null && !webhookUrl.isBlank();
            case IN_APP -> true;
        };
    }
}

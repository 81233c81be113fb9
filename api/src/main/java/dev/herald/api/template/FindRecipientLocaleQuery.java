package dev.herald.api.template;

/**
 * The recipient's preferred locale, read from the recipient's own events. Answers a {@link RecipientLocale}
 * whose locale is null when the recipient has none or does not exist (the send then fails on its own terms).
 */
public record FindRecipientLocaleQuery(String recipientId) {
}

package dev.herald.api.template;

/** A recipient's BCP 47 locale, or null. */
public record RecipientLocale(String recipientId, String locale) {
}

package dev.herald.api.template;

/** The text of an SMS. */
public record SmsContent(String text) {
}

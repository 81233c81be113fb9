package dev.herald.api.template;

/**
 * Which template a notification was rendered from: its key, the version used and the locale chosen (after
 * fallback, so it may differ from the recipient's).
 */
public record TemplateRef(String key, int version, String locale) {
}

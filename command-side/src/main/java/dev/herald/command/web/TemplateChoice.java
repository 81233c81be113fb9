package dev.herald.command.web;

/**
 * A send's choice of template instead of a title and body.
 *
 * @param version null for the latest
 * @param locale  null for the recipient's own locale
 */
record TemplateChoice(String key, Integer version, String locale) {
}

package dev.herald.api.template;

/**
 * The answer to a {@link SaveTemplateCommand}.
 *
 * @param created whether this save created the template
 * @param changed whether it stored a new version (false when the content equalled the latest version)
 */
public record TemplateSaveResult(String templateKey, int version, boolean created, boolean changed) {
}

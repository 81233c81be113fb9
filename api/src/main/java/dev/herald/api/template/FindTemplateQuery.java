package dev.herald.api.template;

/**
 * One version of a template, read from the template's own events, so that it includes a save acknowledged a
 * moment ago. Answers a {@link TemplateView}, or null when there is no such template or version.
 *
 * @param version null for the latest
 */
public record FindTemplateQuery(String templateKey, Integer version) {
}

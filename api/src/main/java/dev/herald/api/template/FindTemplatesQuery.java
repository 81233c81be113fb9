package dev.herald.api.template;

/**
 * Every template, by key, from the template list read model (which may lag a save by a moment; read one template
 * with {@link FindTemplateQuery} for a consistent answer). Answers a {@link TemplateList}.
 *
 * @param archived true for the archived templates, false for the others
 */
public record FindTemplatesQuery(boolean archived) {
}

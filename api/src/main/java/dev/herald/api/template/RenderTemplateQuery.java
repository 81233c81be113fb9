package dev.herald.api.template;

import java.util.Map;

/**
 * Renders one version of a template for one recipient of a broadcast, as a single templated send would: in
 * {@code locale} when the sender chose one, else in the recipient's own (falling back to its language, then to the
 * template's default). Answers a {@link RecipientRendering}; a template that cannot be rendered for this recipient
 * is an answer too, not an error, so that the fan-out can skip the recipient and go on.
 *
 * @param locale null for the recipient's own locale
 */
public record RenderTemplateQuery(String templateKey, int version, String locale, String recipientId,
                                  Map<String, Object> data) {
}

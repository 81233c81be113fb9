package dev.herald.api.template;

import java.util.List;

/** Templates in key order. */
public record TemplateList(List<TemplateSummary> templates) {
}

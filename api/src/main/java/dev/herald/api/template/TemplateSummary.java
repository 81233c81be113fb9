package dev.herald.api.template;

import java.time.Instant;
import java.util.List;

/**
 * A template's latest version in brief, for lists.
 *
 * @param locales   the locales the latest version has content for, sorted
 * @param updatedAt when the latest version was saved or the template archived
 */
public record TemplateSummary(String key, int latestVersion, String defaultLocale, List<String> locales,
                              boolean archived, Instant updatedAt) {
}

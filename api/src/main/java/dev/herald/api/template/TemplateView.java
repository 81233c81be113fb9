package dev.herald.api.template;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a template as the API shows it.
 *
 * @param latestVersion the newest version, which later sends use unless they name another
 * @param savedAt       when this version was saved
 */
public record TemplateView(String key, int version, int latestVersion, boolean archived, String defaultLocale,
                           Map<String, ChannelContents> locales, Instant savedAt) {
}

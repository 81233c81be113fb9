package dev.herald.api.template;

import java.util.Map;

/** A template got a new version (which also restores an archived template). Earlier versions are kept. */
public record TemplateUpdatedEvent(String templateKey, int version, String defaultLocale,
                                   Map<String, ChannelContents> locales, String savedBy) {
}

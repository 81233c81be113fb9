package dev.herald.api.template;

import java.util.Map;

/** A template was created; its first content is version 1. */
public record TemplateCreatedEvent(String templateKey, int version, String defaultLocale,
                                   Map<String, ChannelContents> locales, String savedBy) {
}

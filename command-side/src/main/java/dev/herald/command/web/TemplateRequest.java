package dev.herald.command.web;

import dev.herald.api.template.ChannelContents;
import dev.herald.command.template.TemplateEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code PUT /api/v1/templates/{key}}: content per locale and the locale to fall back to. */
record TemplateRequest(String defaultLocale, Map<String, ChannelContents> locales) {

    /** The locale tags in canonical case; two tags meaning the same locale are an error. */
    Map<String, ChannelContents> canonicalLocales() {
        if (locales == null || locales.isEmpty()) {
            throw RequestChecks.invalid("locales", "must hold the content of at least one locale");
        }
        Map<String, ChannelContents> canonical = new LinkedHashMap<>();
        locales.forEach((tag, content) -> {
            String locale = TemplateEngine.canonicalLocale(tag);
            if (locale == null) {
                throw RequestChecks.invalid("locales", "'" + tag + "' is not a BCP 47 language tag such as de-CH");
            }
            if (content == null) {
                throw RequestChecks.invalid("locales." + tag, "must hold content");
            }
            if (canonical.put(locale, content) != null) {
                throw RequestChecks.invalid("locales", "'" + tag + "' names the same locale as another entry");
            }
        });
        return canonical;
    }

    String canonicalDefaultLocale() {
        if (defaultLocale == null || defaultLocale.isBlank()) {
            throw RequestChecks.invalid("defaultLocale", "is required");
        }
        String locale = TemplateEngine.canonicalLocale(defaultLocale);
        if (locale == null) {
            throw RequestChecks.invalid("defaultLocale", "must be a BCP 47 language tag such as en, was '"
                    + defaultLocale + "'");
        }
        return locale;
    }
}

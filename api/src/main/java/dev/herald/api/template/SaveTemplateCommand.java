package dev.herald.api.template;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;

import dev.herald.api.AggregateIds;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates the template or, when its content differs from the latest version (or the template is archived), adds
 * a version. Saving the same content again is a no-op that answers the latest version.
 *
 * @param locales content per BCP 47 language tag, in canonical case; must include {@code defaultLocale}
 */
public record SaveTemplateCommand(String templateKey, String senderId,
                                  String defaultLocale, Map<String, ChannelContents> locales) {

    public SaveTemplateCommand {
        requireNonBlank(templateKey, "templateKey");
        requireNonBlank(senderId, "senderId");
        requireNonBlank(defaultLocale, "defaultLocale");
        requireNonEmpty(locales == null ? null : locales.keySet(), "locales");
        locales = Collections.unmodifiableMap(new TreeMap<>(locales));
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.template(templateKey);
    }
}

package dev.herald.api.template;

import static dev.herald.api.Checks.requireNonBlank;

import dev.herald.api.AggregateIds;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archives the template: it stays readable with every version, but sends can no longer use it. Repeats no-op. */
public record ArchiveTemplateCommand(String templateKey, String senderId) {

    public ArchiveTemplateCommand {
        requireNonBlank(templateKey, "templateKey");
        requireNonBlank(senderId, "senderId");
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.template(templateKey);
    }
}

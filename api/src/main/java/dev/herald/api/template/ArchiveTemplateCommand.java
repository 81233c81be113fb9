package dev.herald.api.template;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archives the template: it stays readable with every version, but sends can no longer use it. Repeats no-op. */
public record ArchiveTemplateCommand(@TargetAggregateIdentifier String templateKey, String senderId) {

    public ArchiveTemplateCommand {
        requireNonBlank(templateKey, "templateKey");
        requireNonBlank(senderId, "senderId");
    }
}

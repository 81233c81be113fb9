package dev.herald.api.template;

/** A template was archived at this (its latest) version. */
public record TemplateArchivedEvent(String templateKey, int version, String archivedBy) {
}

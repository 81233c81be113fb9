package dev.herald.command.template;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.AggregateIds;
import dev.herald.api.template.ArchiveTemplateCommand;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.SaveTemplateCommand;
import dev.herald.api.template.TemplateArchivedEvent;
import dev.herald.api.template.TemplateCreatedEvent;
import dev.herald.api.template.TemplateSaveResult;
import dev.herald.api.template.TemplateUpdatedEvent;
import dev.herald.api.template.TemplateView;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A sender's content kept under a key, with every version it ever had: a send names the key (and optionally a
 * version) and the notification stores what it rendered to, so a later version never changes what was sent.
 *
 * <p>A save whose content equals the latest version stores nothing; any other save adds a version. Archiving keeps
 * every version readable but stops sends from using the template; saving again restores it as a new version.
 */
@Aggregate
class Template {

    /** {@code template/<key>}, not the key: see {@link AggregateIds}. Events carry the bare key. */
    @AggregateIdentifier
    private String aggregateId;
    private String templateKey;
    private int latestVersion;
    private boolean archived;
    private Map<Integer, Version> versions = new TreeMap<>();

    Template() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    TemplateSaveResult handle(SaveTemplateCommand command, TemplateEngine engine) {
        engine.validate(command.defaultLocale(), command.locales());
        if (templateKey == null) {
            apply(new TemplateCreatedEvent(command.templateKey(), 1, command.defaultLocale(), command.locales(),
                                           command.senderId()));
            return new TemplateSaveResult(templateKey, latestVersion, true, true);
        }
        Version latest = versions.get(latestVersion);
        if (!archived && latest.defaultLocale().equals(command.defaultLocale())
                && latest.locales().equals(command.locales())) {
            return new TemplateSaveResult(templateKey, latestVersion, false, false);
        }
        apply(new TemplateUpdatedEvent(templateKey, latestVersion + 1, command.defaultLocale(), command.locales(),
                                       command.senderId()));
        return new TemplateSaveResult(templateKey, latestVersion, false, true);
    }

    @CommandHandler
    void handle(ArchiveTemplateCommand command) {
        if (!archived) {
            apply(new TemplateArchivedEvent(templateKey, latestVersion, command.senderId()));
        }
    }

    /** @param version null for the latest; null when there is no such version */
    TemplateView view(Integer version) {
        int wanted = version == null ? latestVersion : version;
        Version found = versions.get(wanted);
        if (found == null) {
            return null;
        }
        return new TemplateView(templateKey, wanted, latestVersion, archived, found.defaultLocale(), found.locales(),
                                found.savedAt());
    }

    @EventSourcingHandler
    void on(TemplateCreatedEvent event, @Timestamp Instant at) {
        aggregateId = AggregateIds.template(event.templateKey());
        templateKey = event.templateKey();
        addVersion(event.version(), event.defaultLocale(), event.locales(), at);
    }

    @EventSourcingHandler
    void on(TemplateUpdatedEvent event, @Timestamp Instant at) {
        addVersion(event.version(), event.defaultLocale(), event.locales(), at);
    }

    @EventSourcingHandler
    void on(TemplateArchivedEvent event) {
        archived = true;
    }

    private void addVersion(int version, String defaultLocale, Map<String, ChannelContents> locales, Instant at) {
        versions.put(version, new Version(defaultLocale, locales, at));
        latestVersion = version;
        archived = false;
    }

    private record Version(String defaultLocale, Map<String, ChannelContents> locales, Instant savedAt) {
    }
}

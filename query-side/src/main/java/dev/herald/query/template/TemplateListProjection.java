package dev.herald.query.template;

import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.FindTemplatesQuery;
import dev.herald.api.template.TemplateArchivedEvent;
import dev.herald.api.template.TemplateCreatedEvent;
import dev.herald.api.template.TemplateList;
import dev.herald.api.template.TemplateSummary;
import dev.herald.api.template.TemplateUpdatedEvent;
import dev.herald.query.StoredTime;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The list of templates, a summary per key, kept by a {@link TemplateSummaryStore}. Each event carries its version
 * number, so an event older than what is stored changes nothing and a repeat writes the same summary again. Sends
 * never read this list: they read the template itself on the command side.
 */
@Component
@ProcessingGroup(TemplateListProjection.PROCESSING_GROUP)
public class TemplateListProjection {

    public static final String PROCESSING_GROUP = "templates";
    public static final String COLLECTION = "template_summaries";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(COLLECTION));

    private final TemplateSummaryStore store;
    private final ProjectionVersions versions;

    public TemplateListProjection(TemplateSummaryStore store, ProjectionVersions versions) {
        this.store = store;
        this.versions = versions;
    }

    @EventHandler
    void on(TemplateCreatedEvent event, @Timestamp Instant at) {
        saved(event.templateKey(), event.version(), event.defaultLocale(), event.locales(), at);
    }

    @EventHandler
    void on(TemplateUpdatedEvent event, @Timestamp Instant at) {
        saved(event.templateKey(), event.version(), event.defaultLocale(), event.locales(), at);
    }

    @EventHandler
    void on(TemplateArchivedEvent event, @Timestamp Instant at) {
        int version = versions.writeVersion(PROCESSING_GROUP);
        store.find(version, event.templateKey())
             .filter(summary -> summary.latestVersion() == event.version())
             .ifPresent(summary -> store.save(version, new TemplateSummary(
                     summary.key(), summary.latestVersion(), summary.defaultLocale(), summary.locales(), true,
                     StoredTime.of(at))));
    }

    @ResetHandler
    void reset() {
        versions.beginBuild(DEFINITION);
    }

    @QueryHandler
    TemplateList handle(FindTemplatesQuery query) {
        return new TemplateList(store.list(versions.servingVersion(PROCESSING_GROUP), query.archived()));
    }

    private void saved(String key, int templateVersion, String defaultLocale, Map<String, ChannelContents> locales,
                       Instant at) {
        int version = versions.writeVersion(PROCESSING_GROUP);
        boolean newer = store.find(version, key).map(summary -> summary.latestVersion() <= templateVersion)
                             .orElse(true);
        if (newer) {
            store.save(version, new TemplateSummary(key, templateVersion, defaultLocale,
                                                    locales.keySet().stream().sorted().toList(), false,
                                                    StoredTime.of(at)));
        }
    }
}

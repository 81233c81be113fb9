package dev.herald.query.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.FindTemplatesQuery;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.TemplateArchivedEvent;
import dev.herald.api.template.TemplateCreatedEvent;
import dev.herald.api.template.TemplateSummary;
import dev.herald.api.template.TemplateUpdatedEvent;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.storage.ReadModelContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the template list projection does, whichever storage adapter keeps it. */
abstract class TemplateListProjectionContract extends ReadModelContract {

    private static final Instant T0 = Instant.parse("2030-01-31T09:00:00Z");
    private static final ChannelContents CONTENT =
            new ChannelContents(new InAppContent("Hi {{name}}", ""), null, null, null, null);

    private TemplateListProjection projection;

    @BeforeEach
    void emptyDatabase() {
        ProjectionVersions versions = storage.versions();
        projection = new TemplateListProjection(storage.templateStore(), versions);
    }

    @Test
    void listsTheLatestVersionOfEachTemplateByKeyAndArchivedOnesApart() {
        apply(new TemplateCreatedEvent("welcome", 1, "en", Map.of("en", CONTENT), "s1"), 1);
        apply(new TemplateCreatedEvent("digest", 1, "en", Map.of("en", CONTENT), "s1"), 2);
        apply(new TemplateUpdatedEvent("welcome", 2, "de", Map.of("en", CONTENT, "de", CONTENT), "s2"), 3);
        apply(new TemplateCreatedEvent("old", 1, "en", Map.of("en", CONTENT), "s1"), 4);
        apply(new TemplateArchivedEvent("old", 1, "s1"), 5);

        assertThat(list(false)).containsExactly(
                new TemplateSummary("digest", 1, "en", List.of("en"), false, T0.plusSeconds(2)),
                new TemplateSummary("welcome", 2, "de", List.of("de", "en"), false, T0.plusSeconds(3)));
        assertThat(list(true)).containsExactly(
                new TemplateSummary("old", 1, "en", List.of("en"), true, T0.plusSeconds(5)));
    }

    @Test
    void aRepeatedOrOlderEventChangesNothingAndASaveAfterArchivingRestores() {
        apply(new TemplateCreatedEvent("welcome", 1, "en", Map.of("en", CONTENT), "s1"), 1);
        apply(new TemplateUpdatedEvent("welcome", 2, "en", Map.of("en", CONTENT, "fr", CONTENT), "s1"), 2);
        apply(new TemplateArchivedEvent("welcome", 2, "s1"), 3);
        apply(new TemplateCreatedEvent("welcome", 1, "en", Map.of("en", CONTENT), "s1"), 1);
        apply(new TemplateArchivedEvent("welcome", 2, "s1"), 3);
        assertThat(list(false)).isEmpty();
        assertThat(list(true)).extracting(TemplateSummary::latestVersion).containsExactly(2);

        apply(new TemplateUpdatedEvent("welcome", 3, "en", Map.of("en", CONTENT), "s1"), 4);
        assertThat(list(false)).containsExactly(
                new TemplateSummary("welcome", 3, "en", List.of("en"), false, T0.plusSeconds(4)));
        assertThat(list(true)).isEmpty();
    }

    private List<TemplateSummary> list(boolean archived) {
        return projection.handle(new FindTemplatesQuery(archived)).templates();
    }

    private void apply(Object event, long second) {
        try {
            new AnnotationEventHandlerAdapter(projection).handle(new GenericEventMessage<>(
                    java.util.UUID.randomUUID().toString(), event, MetaData.emptyInstance(), T0.plusSeconds(second)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.herald.query.template;

import dev.herald.api.template.TemplateSummary;
import dev.herald.query.projection.VersionedReadModel;
import java.util.List;
import java.util.Optional;

/** How the template list is kept; {@link TemplateListProjection} decides what changes. */
public interface TemplateSummaryStore extends VersionedReadModel {

    Optional<TemplateSummary> find(int version, String key);

    /** Replaces the template's summary. */
    void save(int version, TemplateSummary summary);

    /** The templates archived or not, in key order. */
    List<TemplateSummary> list(int version, boolean archived);
}

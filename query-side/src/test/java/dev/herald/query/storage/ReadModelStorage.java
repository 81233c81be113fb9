package dev.herald.query.storage;

import dev.herald.query.inbox.InboxEntry;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.inbox.InboxStore;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.projection.VersionStore;
import dev.herald.query.status.NotificationStatusProjection;
import dev.herald.query.status.NotificationStatusStore;
import dev.herald.query.subscription.SubscriptionsProjection;
import dev.herald.query.subscription.SubscriptionsStore;
import dev.herald.query.template.TemplateListProjection;
import dev.herald.query.template.TemplateSummaryStore;
import dev.herald.query.topic.TopicsProjection;
import dev.herald.query.topic.TopicsStore;
import java.util.List;
import java.util.Map;

/**
 * One storage adapter for the contract tests: a real store in-process (an SQLite file, or mongo-java-server through
 * the real driver) and the adapter's stores on it. {@link #clear} empties it and makes fresh stores.
 */
public interface ReadModelStorage extends AutoCloseable {

    InboxStore inboxStore();

    NotificationStatusStore statusStore();

    SubscriptionsStore subscriptionsStore();

    TopicsStore topicsStore();

    TemplateSummaryStore templateStore();

    VersionStore versionStore();

    /** Versions over this storage's read models, without caching. */
    default ProjectionVersions versions() {
        return new ProjectionVersions(versionStore(), Map.of(
                InboxProjection.PROCESSING_GROUP, inboxStore(),
                NotificationStatusProjection.PROCESSING_GROUP, statusStore(),
                SubscriptionsProjection.PROCESSING_GROUP, subscriptionsStore(),
                TemplateListProjection.PROCESSING_GROUP, templateStore(),

                TopicsProjection.PROCESSING_GROUP, topicsStore()));
    }

    void clear();

    /**
     * Every row (document) of these tables (collections) as text, in key order, the adapter's bookkeeping left
     * out: two dumps are equal only when the read models are.
     */
    Map<String, List<String>> dump(List<String> tables);

    /** Every entry of that inbox items table (collection), in no particular order, read directly. */
    List<InboxEntry> inboxEntries(String table);

    /** The rows of that table, 0 when it does not exist. */
    long count(String table);

    @Override
    void close();
}

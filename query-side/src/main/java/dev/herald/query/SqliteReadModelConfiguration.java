package dev.herald.query;

import dev.herald.query.inbox.InboxStore;
import dev.herald.query.inbox.SqliteInboxStore;
import dev.herald.query.projection.SqliteVersionStore;
import dev.herald.query.projection.VersionStore;
import dev.herald.query.status.NotificationStatusStore;
import dev.herald.query.status.SqliteNotificationStatusStore;
import dev.herald.query.subscription.SqliteSubscriptionsStore;
import dev.herald.query.subscription.SubscriptionsStore;
import dev.herald.query.template.SqliteTemplateSummaryStore;
import dev.herald.query.template.TemplateSummaryStore;
import dev.herald.query.topic.SqliteTopicsStore;
import dev.herald.query.topic.TopicsStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

/**
 * The read models in an SQLite database, the {@value #DATA_SOURCE} bean (the embedded profile): {@code @Import} it
 * beside the query side (it is deliberately not a {@code @Configuration}, so that the query side's component scan
 * leaves the choice to the app). For counters to stay exact, the query side's processors must run each batch in a
 * transaction on that same data source and keep their tokens in it, as the app arranges.
 */
public class SqliteReadModelConfiguration {

    public static final String DATA_SOURCE = "readModelDataSource";

    @Bean
    public VersionStore versionStore(@Qualifier(DATA_SOURCE) DataSource readModels) {
        return new SqliteVersionStore(readModels);
    }

    @Bean
    public InboxStore inboxStore(@Qualifier(DATA_SOURCE) DataSource readModels) {
        return new SqliteInboxStore(readModels);
    }

    @Bean
    public NotificationStatusStore notificationStatusStore(@Qualifier(DATA_SOURCE) DataSource readModels) {
        return new SqliteNotificationStatusStore(readModels);
    }

    @Bean
    public SubscriptionsStore subscriptionsStore(@Qualifier(DATA_SOURCE) DataSource readModels) {
        return new SqliteSubscriptionsStore(readModels);
    }

    @Bean
    public TopicsStore topicsStore(@Qualifier(DATA_SOURCE) DataSource readModels) {
        return new SqliteTopicsStore(readModels);
    }

    @Bean
    public TemplateSummaryStore templateSummaryStore(@Qualifier(DATA_SOURCE) DataSource readModels) {
        return new SqliteTemplateSummaryStore(readModels);
    }
}

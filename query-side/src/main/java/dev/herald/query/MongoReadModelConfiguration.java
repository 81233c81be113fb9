package dev.herald.query;

import dev.herald.query.inbox.InboxStore;
import dev.herald.query.inbox.MongoInboxStore;
import dev.herald.query.projection.MongoVersionStore;
import dev.herald.query.projection.VersionStore;
import dev.herald.query.status.MongoNotificationStatusStore;
import dev.herald.query.status.NotificationStatusStore;
import dev.herald.query.subscription.MongoSubscriptionsStore;
import dev.herald.query.subscription.SubscriptionsStore;
import dev.herald.query.template.MongoTemplateSummaryStore;
import dev.herald.query.template.TemplateSummaryStore;
import dev.herald.query.topic.MongoTopicsStore;
import dev.herald.query.topic.TopicsStore;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The read models in MongoDB (profiles {@code mongo} and {@code axon-server}): {@code @Import} it beside the query side (it is
 * deliberately not a {@code @Configuration}, so that the query side's component scan leaves it to the app). */
public class MongoReadModelConfiguration {

    @Bean
    public VersionStore versionStore(MongoTemplate mongo) {
        return new MongoVersionStore(mongo);
    }

    @Bean
    public InboxStore inboxStore(MongoTemplate mongo) {
        return new MongoInboxStore(mongo.getDb());
    }

    @Bean
    public NotificationStatusStore notificationStatusStore(MongoTemplate mongo) {
        return new MongoNotificationStatusStore(mongo);
    }

    @Bean
    public SubscriptionsStore subscriptionsStore(MongoTemplate mongo) {
        return new MongoSubscriptionsStore(mongo);
    }

    @Bean
    public TopicsStore topicsStore(MongoTemplate mongo) {
        return new MongoTopicsStore(mongo);
    }

    @Bean
    public TemplateSummaryStore templateSummaryStore(MongoTemplate mongo) {
        return new MongoTemplateSummaryStore(mongo);
    }
}

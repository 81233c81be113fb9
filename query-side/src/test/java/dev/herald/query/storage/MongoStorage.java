package dev.herald.query.storage;

import dev.herald.query.MongoTestSupport;
import dev.herald.query.inbox.InboxEntry;
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
import java.util.List;
import java.util.Map;

/** The MongoDB adapter on mongo-java-server (memory backend), reached through the real driver. */
public final class MongoStorage implements ReadModelStorage {

    private final MongoTestSupport mongo;
    private InboxStore inbox;
    private NotificationStatusStore status;
    private SubscriptionsStore subscriptions;
    private TopicsStore topics;
    private TemplateSummaryStore templates;
    private VersionStore versions;

    public MongoStorage(String database) {
        mongo = new MongoTestSupport(database);
        clear();
    }

    public MongoTestSupport mongo() {
        return mongo;
    }

    @Override
    public InboxStore inboxStore() {
        return inbox;
    }

    @Override
    public NotificationStatusStore statusStore() {
        return status;
    }

    @Override
    public SubscriptionsStore subscriptionsStore() {
        return subscriptions;
    }

    @Override
    public TopicsStore topicsStore() {
        return topics;
    }

    @Override
    public TemplateSummaryStore templateStore() {
        return templates;
    }

    @Override
    public VersionStore versionStore() {
        return versions;
    }

    @Override
    public void clear() {
        mongo.clear();
        inbox = new MongoInboxStore(mongo.template().getDb());
        status = new MongoNotificationStatusStore(mongo.template());
        subscriptions = new MongoSubscriptionsStore(mongo.template());
        topics = new MongoTopicsStore(mongo.template());
        templates = new MongoTemplateSummaryStore(mongo.template());
        versions = new MongoVersionStore(mongo.template());
    }

    @Override
    public Map<String, List<String>> dump(List<String> tables) {
        return mongo.snapshot(tables.toArray(String[]::new));
    }

    @Override
    public List<InboxEntry> inboxEntries(String table) {
        return mongo.dump(table).get(table).stream()
                .map(item -> new InboxEntry(item.getString("_id"), item.getString("recipientId"),
                                            ((Number) item.get("position")).longValue(), item.getString("category"),
                                            null, null, null, null, item.getBoolean("read"),
                                            item.getBoolean("archived"), null))
                .toList();
    }

    @Override
    public long count(String table) {
        return mongo.count(table);
    }

    @Override
    public void close() {
        mongo.close();
    }

    @Override
    public String toString() {
        return "MongoDB";
    }
}

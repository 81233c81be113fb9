package dev.herald.query.topic;

import dev.herald.api.broadcast.BroadcastClaimedEvent;
import dev.herald.api.broadcast.BroadcastCompletedEvent;
import dev.herald.api.broadcast.BroadcastProgressedEvent;
import dev.herald.api.broadcast.BroadcastStartedEvent;
import dev.herald.api.broadcast.BroadcastStatus;
import dev.herald.api.broadcast.FindBroadcastQuery;
import dev.herald.api.broadcast.FindRunnableBroadcastsQuery;
import dev.herald.api.broadcast.RunnableBroadcasts;
import dev.herald.api.topic.FindRecipientTopicsQuery;
import dev.herald.api.topic.FindTopicSubscribersQuery;
import dev.herald.api.topic.RecipientTopics;
import dev.herald.api.topic.TopicSubscribersAddedEvent;
import dev.herald.api.topic.TopicSubscribersPage;
import dev.herald.api.topic.TopicSubscribersRemovedEvent;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Who subscribes to which topic, and each broadcast's progress, kept by a {@link TopicsStore}. Subscription events
 * are applied as set operations and broadcast events set absolute values, so applying any event twice changes
 * nothing; both come from their aggregates (a topic, a broadcast), whose per-aggregate sequencing keeps each one's
 * events in order. The fan-out reads subscribers from here in pages; so does a sender listing a topic.
 */
@Component
@ProcessingGroup(TopicsProjection.PROCESSING_GROUP)
public class TopicsProjection {

    public static final String PROCESSING_GROUP = "topics";
    public static final String SUBSCRIBERS = "topic_subscribers";
    public static final String BROADCASTS = "broadcasts";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(SUBSCRIBERS, BROADCASTS));
    public static final int MAX_PAGE = 1_000;

    private final TopicsStore store;
    private final ProjectionVersions versions;

    public TopicsProjection(TopicsStore store, ProjectionVersions versions) {
        this.store = store;
        this.versions = versions;
    }

    @EventHandler
    void on(TopicSubscribersAddedEvent event) {
        store.addSubscribers(versions.writeVersion(PROCESSING_GROUP), event.topic(), event.recipientIds());
    }

    @EventHandler
    void on(TopicSubscribersRemovedEvent event) {
        store.removeSubscribers(versions.writeVersion(PROCESSING_GROUP), event.topic(), event.recipientIds());
    }

    @EventHandler
    void on(BroadcastStartedEvent event, @Timestamp Instant at) {
        store.saveBroadcast(versions.writeVersion(PROCESSING_GROUP), BroadcastRecord.started(
                event.broadcastId(), event.senderId(), event.topics(), event.actorId(), at));
    }

    @EventHandler
    void on(BroadcastClaimedEvent event) {
        update(event.broadcastId(), broadcast -> broadcast.leased(event.leaseUntil()));
    }

    @EventHandler
    void on(BroadcastProgressedEvent event) {
        update(event.broadcastId(), broadcast -> broadcast.progressed(event.totals(), event.leaseUntil()));
    }

    @EventHandler
    void on(BroadcastCompletedEvent event, @Timestamp Instant at) {
        update(event.broadcastId(), broadcast -> broadcast.completed(event.totals(), at));
    }

    @ResetHandler
    void reset() {
        versions.beginBuild(DEFINITION);
    }

    @QueryHandler
    TopicSubscribersPage handle(FindTopicSubscribersQuery query) {
        int limit = Math.max(1, Math.min(MAX_PAGE, query.limit()));
        List<String> page = store.subscribers(versions.servingVersion(PROCESSING_GROUP), query.topic(),
                                              query.after(), limit);
        return new TopicSubscribersPage(query.topic(), page, page.size() < limit ? null : page.get(page.size() - 1));
    }

    @QueryHandler
    RecipientTopics handle(FindRecipientTopicsQuery query) {
        return new RecipientTopics(query.recipientId(),
                                   store.topicsOf(versions.servingVersion(PROCESSING_GROUP), query.recipientId()));
    }

    @QueryHandler
    Optional<BroadcastStatus> handle(FindBroadcastQuery query) {
        return store.findBroadcast(versions.servingVersion(PROCESSING_GROUP), query.broadcastId())
                .map(BroadcastRecord::toStatus);
    }

    @QueryHandler
    RunnableBroadcasts handle(FindRunnableBroadcastsQuery query) {
        return new RunnableBroadcasts(store.runnableBroadcasts(versions.servingVersion(PROCESSING_GROUP), query.now(),
                                                               Math.max(1, query.limit())));
    }

    /** Events of a broadcast the read model never saw started (a version built mid-stream) are left alone. */
    private void update(String broadcastId, UnaryOperator<BroadcastRecord> change) {
        int version = versions.writeVersion(PROCESSING_GROUP);
        store.findBroadcast(version, broadcastId).ifPresent(broadcast -> store.saveBroadcast(version,
                                                                                             change.apply(broadcast)));
    }
}

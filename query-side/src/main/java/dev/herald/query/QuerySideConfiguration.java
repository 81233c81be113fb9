package dev.herald.query;

import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.live.InboxUpdates;
import dev.herald.query.live.QueryEmitterInboxUpdates;
import dev.herald.query.projection.EventBatches;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.projection.VersionStore;
import dev.herald.query.inbox.InboxStore;
import dev.herald.query.status.NotificationStatusStore;
import dev.herald.query.subscription.SubscriptionsStore;
import dev.herald.query.template.TemplateListProjection;
import dev.herald.query.template.TemplateSummaryStore;
import java.util.Map;
import dev.herald.query.replay.ProjectionReplays;
import dev.herald.query.replay.SegmentPlacement;
import dev.herald.query.replay.StreamPositions;
import dev.herald.query.status.NotificationStatusProjection;
import dev.herald.query.subscription.SubscriptionsProjection;
import dev.herald.query.topic.TopicsProjection;
import dev.herald.query.topic.TopicsStore;
import java.time.Clock;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The query side: projections, their query handlers, the recipient REST, GraphQL and SSE APIs, the sender status
 * API and projection replay. The app imports this class and must configure the processors of
 * {@link #PROCESSING_GROUPS} (pooled), assigning {@value #RECIPIENT_SEQUENCING_POLICY} to the
 * {@value InboxProjection#PROCESSING_GROUP} processor, because the inbox documents belong to a recipient, not to
 * one notification. The read models' storage comes from the app too: {@link SqliteReadModelConfiguration} or
 * {@link MongoReadModelConfiguration}. So does the {@link dev.herald.api.CommandTimeout} every API call waits.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(QuerySideProperties.class)
public class QuerySideConfiguration {

    public static final String RECIPIENT_SEQUENCING_POLICY = "recipientSequencingPolicy";
    public static final List<String> PROCESSING_GROUPS = List.of(
            InboxProjection.PROCESSING_GROUP, NotificationStatusProjection.PROCESSING_GROUP,
            SubscriptionsProjection.PROCESSING_GROUP, TemplateListProjection.PROCESSING_GROUP,
            TopicsProjection.PROCESSING_GROUP);

    @Bean(RECIPIENT_SEQUENCING_POLICY)
    public SequencingPolicy<EventMessage<?>> recipientSequencingPolicy() {
        return new RecipientSequencingPolicy();
    }

    @Bean
    public ProjectionVersions projectionVersions(VersionStore versionStore, InboxStore inboxStore,
                                                 NotificationStatusStore statusStore,
                                                 SubscriptionsStore subscriptionsStore,
                                                 TemplateSummaryStore templateStore, TopicsStore topicsStore,
                                                 QuerySideProperties properties) {
        return new ProjectionVersions(versionStore, Map.of(
                InboxProjection.PROCESSING_GROUP, inboxStore,
                NotificationStatusProjection.PROCESSING_GROUP, statusStore,
                SubscriptionsProjection.PROCESSING_GROUP, subscriptionsStore,
                TemplateListProjection.PROCESSING_GROUP, templateStore,
                TopicsProjection.PROCESSING_GROUP, topicsStore),
                properties.projections().servingVersionCache(), Clock.systemUTC());
    }

    /**
     * Live inbox updates through this node's query update emitter. A profile whose nodes must hear each other's
     * updates without Axon Server declares its own {@link InboxUpdates} as {@code @Primary}.
     */
    @Bean
    public InboxUpdates queryEmitterInboxUpdates(QueryUpdateEmitter queryUpdateEmitter) {
        return new QueryEmitterInboxUpdates(queryUpdateEmitter);
    }

    /**
     * Every projection can be replayed, each in its own processor. The app may supply how positions are counted on
     * its event store and, on a cluster, how a processor's segments are gathered on one node.
     */
    @Bean
    public ProjectionReplays projectionReplays(ProjectionVersions versions,
                                               ObjectProvider<EventProcessingConfiguration> processing,
                                               ObjectProvider<EventStore> eventStore,
                                               ObjectProvider<StreamPositions> positions,
                                               ObjectProvider<SegmentPlacement> placement,
                                               QuerySideProperties properties) {
        return new ProjectionReplays(
                List.of(InboxProjection.DEFINITION, NotificationStatusProjection.DEFINITION,
                        SubscriptionsProjection.DEFINITION, TemplateListProjection.DEFINITION,
                        TopicsProjection.DEFINITION),
                versions, processing::getIfAvailable, eventStore::getObject,
                positions.getIfAvailable(() -> StreamPositions.ofTokens(eventStore::getObject)),
                placement.getIfAvailable(() -> SegmentPlacement.SINGLE_NODE),
                properties.projections().switchCheck(), properties.projections().retiredGrace(), Clock.systemUTC());
    }

    /**
     * Axon's default listener error handler logs and moves on, which would leave a projection with half of an
     * event's writes and no retry. The handlers are idempotent, so failing the batch and retrying it is safe.
     */
    @Bean
    public ConfigurerModule querySideErrorHandling() {
        return configurer -> PROCESSING_GROUPS.forEach(group -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                .registerHandlerInterceptor(group, c -> EventBatches.writeAfterLastEvent()));
    }
}

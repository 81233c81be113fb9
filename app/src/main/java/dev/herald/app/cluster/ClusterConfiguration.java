package dev.herald.app.cluster;

import dev.herald.query.QuerySideConfiguration;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.replay.StreamPositions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * The event processors as a whole: this node's name, their lag on every profile, and on the cluster profiles the
 * balancer that spreads their segments over the nodes ({@link SegmentBalancer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfiguration {

    /** Often enough for a dashboard, rarely enough that counting in a large Mongo event collection stays cheap. */
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(10);

    @Bean
    NodeId nodeId(ClusterProperties properties) {
        return NodeId.of(properties.nodeId());
    }

    /** Events on MongoDB have no global sequence: positions are counted there. */
    @Bean
    @Profile("mongo")
    StreamPositions mongoStreamPositions(MongoTemplate axonMongoTemplate) {
        return new MongoStreamPositions(axonMongoTemplate);
    }

    @Bean
    @Profile("!mongo")
    StreamPositions tokenStreamPositions(ObjectProvider<EventStore> eventStore) {
        return StreamPositions.ofTokens(eventStore::getObject);
    }

    @Bean
    ProcessorFailures processorFailures() {
        return new ProcessorFailures(Clock.systemUTC());
    }

    /** Every processor reports its failed batches (and still retries them) and its recovery. */
    @Bean
    ConfigurerModule processorFailureTracking(ProcessorFailures failures) {
        return configurer -> configurer.eventProcessing()
                .registerDefaultErrorHandler(axon -> failures)
                .registerDefaultHandlerInterceptor((axon, processor) -> failures.recoveryOf(processor));
    }

    @Bean
    ProcessorLag processorLag(ObjectProvider<EventProcessingConfiguration> processing,
                              ObjectProvider<ProjectionVersions> versions, ProcessorFailures failures,
                              StreamPositions positions, MeterRegistry registry) {
        return new ProcessorLag(streamingProcessors(processing), rebuilding(versions), failures::isFailing,
                                positions, registry, LAG_INTERVAL);
    }

    @Bean
    @Profile("mongo | axon-server")
    SegmentBalancer segmentBalancer(NodeId nodeId, MongoDatabaseFactory mongo,
                                    ObjectProvider<EventProcessingConfiguration> processing,
                                    ObjectProvider<ProjectionVersions> versions, ProcessorLag lag,
                                    ClusterProperties properties) {
        return new SegmentBalancer(nodeId, new NodeHeartbeats(mongo.getMongoDatabase()),
                                   streamingProcessors(processing), segmentsOf(processing), rebuilding(versions),
                                   lag::behind, properties, Clock.systemUTC());
    }

    /** Whether a processor's projection is being rebuilt (the query side may not run on this node). */
    static Predicate<String> rebuilding(ObjectProvider<ProjectionVersions> versions) {
        return name -> {
            ProjectionVersions projections = versions.getIfAvailable();
            return projections != null && QuerySideConfiguration.PROCESSING_GROUPS.contains(name)
                    && projections.find(name).isBuilding();
        };
    }

    /** A processor's segments as its own token store knows them (the delivery saga's may live apart). */
    static Function<String, int[]> segmentsOf(ObjectProvider<EventProcessingConfiguration> processing) {
        return name -> processing.getObject().tokenStore(name).fetchSegments(name);
    }

    static Supplier<Map<String, StreamingEventProcessor>> streamingProcessors(
            ObjectProvider<EventProcessingConfiguration> processing) {
        return () -> {
            EventProcessingConfiguration configuration = processing.getIfAvailable();
            Map<String, StreamingEventProcessor> streaming = new TreeMap<>();
            if (configuration != null) {
                configuration.eventProcessors().forEach((name, processor) -> {
                    if (processor instanceof StreamingEventProcessor stream) {
                        streaming.put(name, stream);
                    }
                });
            }
            return streaming;
        };
    }
}

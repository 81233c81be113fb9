package dev.herald.app.cluster.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Profile {@code mongo}, on a node that serves the query role: inbox updates reach the streams on every node through
 * {@link FeedInboxUpdates}. On by default, because a node cannot tell whether others share its MongoDB and a
 * cluster without it loses its live updates silently; a node known to run alone may save the feed's polls with
 * {@code herald.live.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("mongo")
@ConditionalOnExpression("'${herald.roles:command,query,saga}'.contains('query')")
@ConditionalOnProperty(name = "herald.live.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiveFeedProperties.class)
class LiveFeedConfiguration {

    @Bean
    @Primary
    FeedInboxUpdates feedInboxUpdates(MongoTemplate mongo, ObjectMapper json, QueryUpdateEmitter queryUpdateEmitter,
                                      LiveFeedProperties properties, MeterRegistry meters) {
        // A new name at every start, so that two runs of a node never write the same entry id.
        String node = UUID.randomUUID().toString().substring(0, 12);
        UpdateFeed feed = new UpdateFeed(mongo.getCollection(UpdateFeed.COLLECTION), json, node,
                                         properties.overlap(), properties.retention(), Clock.systemUTC());
        return new FeedInboxUpdates(feed, queryUpdateEmitter, properties, meters, Clock.systemUTC());
    }
}

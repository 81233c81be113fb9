package dev.herald.app.ratelimit;

import dev.herald.saga.DeliveryProperties;
import dev.herald.saga.channel.ProviderRateCap;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Sender rate limits: on one node (the default profile) each key's bucket lives in the process; on the cluster
 * profiles ({@code mongo}, {@code axon-server}) in the shared MongoDB (collection {@value #COLLECTION}), so that a
 * key's limit holds across all nodes together instead of once per node.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    static final String COLLECTION = "herald_rate_limits";
    static final String PROVIDER_CALLS = "herald_provider_calls";
    /** Added to connect and request timeout for the longest a provider call can count as running. */
    private static final Duration CALL_LEASE_MARGIN = Duration.ofSeconds(5);
    /** How long a shared bucket document stays after it would be full again (then it is the same as none). */
    private static final Duration KEPT_AFTER_FULL = Duration.ofSeconds(10);

    @Bean
    SenderRateLimiter senderRateLimiter(RateLimitProperties properties, RateLimitBuckets buckets,
                                        MeterRegistry meters) {
        return new SenderRateLimiter(properties, buckets, meters);
    }

    @Bean
    @Profile("!mongo & !axon-server")
    RateLimitBuckets localRateLimitBuckets(RateLimitProperties properties) {
        Duration slowest = properties.policies().stream()
                .map(RatePolicy::timeToFill)
                .max(Duration::compareTo)
                .orElseThrow();
        return new LocalRateLimitBuckets(slowest);
    }

    @Bean
    @Profile("mongo | axon-server")
    RateLimitBuckets sharedRateLimitBuckets(MongoTemplate mongo) {
        ClientSideConfig config = ClientSideConfig.getDefault().withExpirationAfterWriteStrategy(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEPT_AFTER_FULL));
        return new SharedRateLimitBuckets(new MongoBucketProxyManager(mongo.getCollection(COLLECTION), config));
    }

    /**
     * Provider send rates ({@code herald.delivery.<channel>.rate}) counted for all nodes together, in the shared
     * MongoDB (collection {@value #PROVIDER_CALLS}); a running call of a node that died counts until the longest a
     * call can take has passed.
     */
    @Bean
    @Profile("mongo | axon-server")
    ProviderRateCap.Factory sharedProviderRateCaps(MongoTemplate mongo, DeliveryProperties delivery) {
        Duration lease = delivery.connectTimeout().plus(delivery.requestTimeout()).plus(CALL_LEASE_MARGIN);
        return (provider, limit, period, maxWait) -> new MongoProviderRateCap(
                mongo.getCollection(PROVIDER_CALLS), provider, limit, period, maxWait, lease, System::currentTimeMillis);
    }
}

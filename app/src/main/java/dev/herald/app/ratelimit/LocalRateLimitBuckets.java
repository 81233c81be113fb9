package dev.herald.app.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * The buckets of one process (the default profile, a single node). A bucket left alone for as long as the slowest
 * limit takes to fill is full again, the same as a new one, so it is dropped then.
 */
class LocalRateLimitBuckets implements RateLimitBuckets {

    private final Cache<String, Bucket> buckets;

    LocalRateLimitBuckets(Duration idleUntilFull) {
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idleUntilFull).build();
    }

    @Override
    public ConsumptionProbe tryConsumeOne(String bucketId, BucketConfiguration configuration) {
        return buckets.get(bucketId, id -> newBucket(configuration)).tryConsumeAndReturnRemaining(1);
    }

    private static Bucket newBucket(BucketConfiguration configuration) {
        var builder = Bucket.builder();
        for (var bandwidth : configuration.getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

    @Override
    public boolean blocking() {
        return false;
    }
}

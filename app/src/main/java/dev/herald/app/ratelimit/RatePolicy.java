package dev.herald.app.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * One limit as a key gets it: a Bucket4j token bucket with greedy refill, and its name in the {@code RateLimit-Policy}
 * and {@code RateLimit} header fields.
 *
 * @param name the policy's name in the header fields: {@code default}, or the key id or name a
 *             {@code herald.rate-limits.keys} entry gives
 */
public record RatePolicy(String name, long capacity, long refillTokens, Duration refillPeriod) {

    public BucketConfiguration bucketConfiguration() {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refillTokens, refillPeriod))
                .build();
    }

    /** How long an empty bucket takes to fill: the window over which {@link #capacity} requests are allowed. */
    public Duration timeToFill() {
        return Duration.ofNanos(Math.multiplyExact(refillPeriod.toNanos(), capacity) / refillTokens);
    }

    /**
     * The bucket of one API key under this policy. A changed limit gets a new bucket, so that a node never goes on
     * with state kept under another limit (an old bucket in MongoDB expires once it would be full).
     */
    public String bucketId(String keyId) {
        return keyId + "/" + capacity + "/" + refillTokens + "/" + refillPeriod;
    }
}

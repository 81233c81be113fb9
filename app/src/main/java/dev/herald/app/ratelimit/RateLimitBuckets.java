package dev.herald.app.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Where the API keys' token buckets live: in this process, or in a store that every node of a cluster shares. */
public interface RateLimitBuckets {

    /** Takes one token from the bucket {@code bucketId}, made with {@code configuration} when it does not exist. */
    ConsumptionProbe tryConsumeOne(String bucketId, BucketConfiguration configuration);

    /** True when {@link #tryConsumeOne} waits for a store, so that callers keep it off the event loop. */
    boolean blocking();
}

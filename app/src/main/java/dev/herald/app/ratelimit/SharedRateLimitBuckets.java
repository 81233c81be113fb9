package dev.herald.app.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;

/** Buckets every node of a cluster shares through a Bucket4j proxy manager (here {@link MongoBucketProxyManager}). */
class SharedRateLimitBuckets implements RateLimitBuckets {

    private final ProxyManager<String> proxies;

    SharedRateLimitBuckets(ProxyManager<String> proxies) {
        this.proxies = proxies;
    }

    @Override
    public ConsumptionProbe tryConsumeOne(String bucketId, BucketConfiguration configuration) {
        return proxies.builder().build(bucketId, () -> configuration).tryConsumeAndReturnRemaining(1);
    }

    @Override
    public boolean blocking() {
        return true;
    }
}

package dev.herald.app.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many requests an API key may make ({@code herald.rate-limits.*}): a token bucket per key that holds
 * {@code capacity} requests and gains {@code refill-tokens} every {@code refill-period}, spread evenly over it. The
 * default lets a sender burst 1,000 requests and keep up 100 a second, far above what one sender of transactional
 * notifications needs and below what lets one sender take a node's whole capacity.
 *
 * @param enabled        false turns the limits off (every key unlimited, no rate-limit headers)
 * @param limitAdminKeys whether keys with the {@code admin} scope are limited too. They are not by default: they are
 *                       the operator's own (the bootstrap key among them), few, and what bulk jobs such as a
 *                       migration or the benchmark use; a {@code keys} entry limits one of them all the same
 * @param capacity       requests a key may make at once (the bucket's size)
 * @param refillTokens   requests a key regains every {@code refill-period}
 * @param refillPeriod   the period over which {@code refill-tokens} come back
 * @param keys           limits for single keys instead of the default, each naming the key by id ({@code key_...})
 *                       or by name, e.g. {@code [{key: billing, capacity: 50, refill-tokens: 10, refill-period: 1s}]}
 */
@ConfigurationProperties("herald.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("false") boolean limitAdminKeys,
                                  @DefaultValue("1000") long capacity,
                                  @DefaultValue("1000") long refillTokens,
                                  @DefaultValue("PT10S") Duration refillPeriod,
                                  List<KeyLimit> keys) {

    public RateLimitProperties {
        check(capacity, refillTokens, refillPeriod, "herald.rate-limits");
        keys = keys == null ? List.of() : List.copyOf(keys);
        Set<String> named = new HashSet<>();
        for (KeyLimit key : keys) {
            if (!named.add(key.key())) {
                throw new IllegalArgumentException("herald.rate-limits.keys names '" + key.key() + "' twice");
            }
        }
    }

    /** The default policy (named {@code default}) first, then one per {@link #keys} entry, named by its key. */
    public List<RatePolicy> policies() {
        List<RatePolicy> policies = new ArrayList<>();
        policies.add(new RatePolicy(SenderRateLimiter.DEFAULT_POLICY, capacity, refillTokens, refillPeriod));
        keys.forEach(key -> policies.add(new RatePolicy(key.key(), key.capacity(), key.refillTokens(),
                                                        key.refillPeriod())));
        return policies;
    }

    /**
     * One key's own limit.
     *
     * @param key the key's id ({@code key_...}, as {@code GET /api/v1/admin/api-keys} lists it) or its name
     */
    public record KeyLimit(String key, long capacity, long refillTokens, Duration refillPeriod) {

        public KeyLimit {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("each of herald.rate-limits.keys needs a key (its id or name)");
            }
            check(capacity, refillTokens, refillPeriod, "herald.rate-limits.keys '" + key + "'");
        }
    }

    private static void check(long capacity, long refillTokens, Duration refillPeriod, String what) {
        if (capacity < 1 || refillTokens < 1) {
            throw new IllegalArgumentException(what + ": capacity and refill-tokens must be at least 1");
        }
        if (refillPeriod == null || refillPeriod.isNegative() || refillPeriod.isZero()) {
            throw new IllegalArgumentException(what + ": refill-period must be a positive duration");
        }
    }
}

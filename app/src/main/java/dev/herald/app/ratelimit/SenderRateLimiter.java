package dev.herald.app.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether an API key may make one more request, from {@link RateLimitProperties}: the key's own limit when a
 * {@code herald.rate-limits.keys} entry names its id or name, else the default. Counts the refusals per key id (never
 * the secret) as {@value #REFUSALS}.
 */
public class SenderRateLimiter {

    static final String REFUSALS = "herald.rate.limited";
    static final String DEFAULT_POLICY = "default";

    private final RateLimitProperties properties;
    private final RateLimitBuckets buckets;
    private final MeterRegistry meters;
    private final RatePolicy defaultPolicy;
    private final Map<String, RatePolicy> ownPolicies = new HashMap<>();

    public SenderRateLimiter(RateLimitProperties properties, RateLimitBuckets buckets, MeterRegistry meters) {
        this.properties = properties;
        this.buckets = buckets;
        this.meters = meters;
        List<RatePolicy> policies = properties.policies();
        this.defaultPolicy = policies.get(0);
        policies.subList(1, policies.size()).forEach(policy -> ownPolicies.put(policy.name(), policy));
    }

    /** The policy for a key, or none when the key is not limited. */
    public Optional<RatePolicy> policyFor(String keyId, String keyName, boolean admin) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        RatePolicy own = ownPolicies.getOrDefault(keyId, keyName == null ? null : ownPolicies.get(keyName));
        if (own != null) {
            return Optional.of(own);
        }
        return admin && !properties.limitAdminKeys() ? Optional.empty() : Optional.of(defaultPolicy);
    }

    /** Whether {@link #tryAcquire} waits for a shared store (call it off the event loop then). */
    public boolean blocking() {
        return buckets.blocking();
    }

    /** Takes one request from the key's bucket under this policy. */
    public Decision tryAcquire(String keyId, RatePolicy policy) {
        ConsumptionProbe probe = buckets.tryConsumeOne(policy.bucketId(keyId), policy.bucketConfiguration());
        if (!probe.isConsumed()) {
            Counter.builder(REFUSALS).tag("key", keyId)
                    .description("Requests refused with 429 because the API key went over its rate limit")
                    .register(meters).increment();
        }
        return new Decision(policy, probe.isConsumed(), probe.getRemainingTokens(),
                            Duration.ofNanos(probe.getNanosToWaitForRefill()),
                            Duration.ofNanos(probe.getNanosToWaitForReset()));
    }

    /**
     * What the bucket said, in the terms of the IETF rate-limit header fields.
     *
     * @param untilNext how long until one more request is allowed (zero when this one was)
     * @param untilFull how long until the bucket is full again
     */
    public record Decision(RatePolicy policy, boolean allowed, long remaining, Duration untilNext,
                           Duration untilFull) {

        /**
         * The header fields of draft-ietf-httpapi-ratelimit-headers-10 (27 September 2025), whose two fields are
         * Structured Field lists of policy items: {@code RateLimit-Policy: "default";q=1000;w=10} (quota {@code q}
         * requests per window {@code w} seconds, here the bucket's capacity and the time an empty bucket takes to
         * fill) and {@code RateLimit: "default";r=0;t=10} (remaining {@code r} and seconds {@code t} until the quota
         * is whole again, i.e. the bucket is full).
         */
        public String policyField() {
            return item(policy.name()) + ";q=" + policy.capacity() + ";w=" + seconds(policy.timeToFill());
        }

        public String limitField() {
            return item(policy.name()) + ";r=" + remaining + ";t=" + seconds(untilFull);
        }

        /** Whole seconds until a retry can succeed, at least one (for {@code Retry-After}). */
        public long retryAfterSeconds() {
            return Math.max(1, seconds(untilNext));
        }

        private static long seconds(Duration duration) {
            return (duration.toNanos() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
        }

        /** An SF string: printable ASCII, with quotes and backslashes escaped; anything else becomes '?'. */
        private static String item(String name) {
            StringBuilder quoted = new StringBuilder("\"");
            for (char c : name.toCharArray()) {
                if (c == '"' || c == '\\') {
                    quoted.append('\\').append(c);
                } else {
                    quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
                }
            }
            return quoted.append('"').toString();
        }
    }
}

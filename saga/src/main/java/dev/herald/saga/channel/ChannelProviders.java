package dev.herald.saga.channel;

import dev.herald.api.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's providers in the order they are tried. Each has its own Resilience4j circuit breaker, which opens on
 * repeated retryable failures, and optionally a Resilience4j rate limiter. An attempt goes to the first provider whose
 * breaker admits a call and whose rate allows one; the request, its idempotency key included, is the same whichever
 * provider gets it, so that a provider can drop a repeat that reached it through another path.
 *
 * <p>When every breaker is open the attempt still goes to the first provider rather than failing without a call: the
 * attempts of a channel are already spaced by the retry policy, and a provider that is back is found sooner.
 */
public final class ChannelProviders {

    private static final Logger log = LoggerFactory.getLogger(ChannelProviders.class);
    private final Channel channel;
    private final List<Provider> providers;
    private final String whereConfigured;

    /**
     * One provider of the channel.
     *
     * @param name    null for a channel whose "provider" is each recipient's own endpoint (webhooks)
     * @param breaker null for such a channel too: one recipient's broken endpoint says nothing about another's
     * @param limiter null when the provider has no rate limit
     */
    public record Provider(String name, ChannelAdapter adapter, CircuitBreaker breaker, RateLimiter limiter) {

        public Provider {
            Objects.requireNonNull(adapter, "adapter");
        }

        private boolean admits() {
            return breaker == null || breaker.tryAcquirePermission();
        }
    }

    /**
     * @param providers       in the order they are tried; none when the channel has no provider configured
     * @param whereConfigured the settings that configure them, named when an attempt fails for want of any
     */
    public ChannelProviders(Channel channel, List<Provider> providers, String whereConfigured) {
        this.channel = channel;
        this.providers = List.copyOf(providers);
        this.whereConfigured = whereConfigured;
        for (Provider provider : this.providers) {
            if (provider.adapter().channel() != channel) {
                throw new IllegalArgumentException(provider.name() + " is a " + provider.adapter().channel()
                                                           + " provider, not " + channel);
            }
        }
    }

    /** A channel with a single provider, whose failures no other provider can take over. */
    public static ChannelProviders single(ChannelAdapter adapter, String name, CircuitBreaker breaker) {
        return new ChannelProviders(adapter.channel(), List.of(new Provider(name, adapter, breaker, null)), "");
    }

    public Channel channel() {
        return channel;
    }

    public List<Provider> providers() {
        return providers;
    }

    /**
     * Picks the provider for one attempt and takes its breaker's and rate limiter's permission. The caller must
     * {@link Choice#deliver deliver} through the choice or {@link Choice#release release} it.
     */
    public Choice choose() {
        if (providers.isEmpty()) {
            return new Choice(null, false, DeliveryOutcome.permanent(
                    "no " + channel + " provider configured (" + whereConfigured + ")"));
        }
        boolean throttled = false;
        for (Provider provider : providers) {
            if (!provider.admits()) {
                continue;
            }
            if (provider.limiter() == null || provider.limiter().acquirePermission()) {
                return new Choice(provider, provider.breaker() != null, null);
            }
            if (provider.breaker() != null) {
                provider.breaker().releasePermission();
            }
            throttled = true;
        }
        if (throttled) {
            return new Choice(null, false, DeliveryOutcome.retryable(
                    "every " + channel + " provider that is up is at its rate limit"));
        }
        Provider first = providers.get(0);
        if (first.limiter() != null && !first.limiter().acquirePermission()) {
            return new Choice(null, false, DeliveryOutcome.retryable(
                    "every " + channel + " provider's circuit breaker is open and " + first.name()
                            + " is at its rate limit"));
        }
        return new Choice(first, false, null);
    }

    /** The provider one attempt goes to, or the outcome of an attempt that cannot go to any. */
    public static final class Choice {

        private final Provider provider;
        private final boolean permitted;
        private final DeliveryOutcome withoutCall;
        private boolean done;

        private Choice(Provider provider, boolean permitted, DeliveryOutcome withoutCall) {
            this.provider = provider;
            this.permitted = permitted;
            this.withoutCall = withoutCall;
        }

        /** The name of the provider the attempt goes to; null when it goes to none or to an unnamed one. */
        public String providerName() {
            return provider == null ? null : provider.name();
        }

        /**
         * Calls the provider and tells its breaker how it went: a retryable failure counts against the provider, a
         * delivery or a permanent failure (the recipient's address, the message) does not.
         */
        public DeliveryOutcome deliver(DeliveryRequest request) {
            if (done) {
                throw new IllegalStateException("a choice delivers once");
            }
            done = true;
            if (provider == null) {
                return withoutCall;
            }
            long start = System.nanoTime();
            DeliveryOutcome outcome;
            try {
                outcome = provider.adapter().deliver(request);
            } catch (RuntimeException e) {
                log.warn("The {} adapter of {} threw instead of reporting a failure", request.channel(),
                         provider.name(), e);
                outcome = DeliveryOutcome.retryable(request.channel() + " adapter failed: " + e);
            }
            if (permitted) {
                long took = System.nanoTime() - start;
                if (outcome instanceof DeliveryOutcome.Failed failed && failed.retryable()) {
                    provider.breaker().onError(took, TimeUnit.NANOSECONDS, new ProviderFailure(failed.error()));
                } else {
                    provider.breaker().onSuccess(took, TimeUnit.NANOSECONDS);
                }
            }
            return outcome;
        }

        /** Gives the breaker's permission back when the attempt does not run after all. */
        public void release() {
            if (!done && permitted) {
                provider.breaker().releasePermission();
            }
            done = true;
        }
    }

    /** What a breaker records for a retryable failure; it has no stack trace, since it is never thrown. */
    static final class ProviderFailure extends RuntimeException {

        ProviderFailure(String error) {
            super(error, null, false, false);
        }
    }
}

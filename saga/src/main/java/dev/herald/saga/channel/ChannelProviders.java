package dev.herald.saga.channel;

import dev.herald.api.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's providers in the order they are tried. Each has its own Resilience4j circuit breaker, which opens on
 * repeated retryable failures, and optionally a {@link RateCap}. An attempt goes to the first provider whose breaker
 * admits a call and whose cap has room; the request, its idempotency key included, is the same whichever provider
 * gets it, so that a provider can drop a repeat that reached it through another path.
 *
 * <p>A provider at its cap whose room comes within its {@code max-wait} holds the attempt rather than passing it to the
 * next provider; when no provider can take it, the attempt waits for the first room ({@link #awaitChoice}). Waiting
 * is never a failure: it costs no retry attempt.
 *
 * <p>When every breaker is open the attempt still goes to the first provider rather than failing without a call: the
 * attempts of a channel are already spaced by the retry policy, and a provider that is back is found sooner.
 */
public final class ChannelProviders {

    private static final Logger log = LoggerFactory.getLogger(ChannelProviders.class);
    private final Channel channel;
    private final List<Provider> providers;
    private final String whereConfigured;
    /** Notified whenever a capped call ends, since that may make room for a waiting attempt. */
    private final Object roomChanged = new Object();
    /** Counts those notifications, so that a waiter does not sleep through one that came while it looked. */
    private long roomChanges;

    /**
     * One provider of the channel.
     *
     * @param name    null for a channel whose "provider" is each recipient's own endpoint (webhooks)
     * @param breaker null for such a channel too: one recipient's broken endpoint says nothing about another's
     * @param cap     null when the provider has no send rate
     */
    public record Provider(String name, ChannelAdapter adapter, CircuitBreaker breaker, ProviderRateCap cap) {

        public Provider {
            Objects.requireNonNull(adapter, "adapter");
        }

        private boolean admits() {
            return breaker == null || breaker.tryAcquirePermission();
        }

        private void releaseAdmission() {
            if (breaker != null) {
                breaker.releasePermission();
            }
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
        return single(adapter, name, breaker, null);
    }

    /** The same with a send rate. */
    public static ChannelProviders single(ChannelAdapter adapter, String name, CircuitBreaker breaker,
                                          ProviderRateCap cap) {
        return new ChannelProviders(adapter.channel(), List.of(new Provider(name, adapter, breaker, cap)), "");
    }

    public Channel channel() {
        return channel;
    }

    public List<Provider> providers() {
        return providers;
    }

    /**
     * Picks the provider for one attempt and takes its breaker's permission and a place under its cap, waiting up to
     * {@code atMost} for a cap to have room. The caller must {@link Choice#deliver deliver} through the choice or
     * {@link Choice#release release} it.
     *
     * @return null when no provider had room in time; nothing was taken then
     */
    public Choice awaitChoice(Duration atMost) throws InterruptedException {
        if (providers.isEmpty()) {
            return new Choice(null, false, DeliveryOutcome.permanent(
                    "no " + channel + " provider configured (" + whereConfigured + ")"));
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long changesSeen;
            synchronized (roomChanged) {
                changesSeen = roomChanges;
            }
            long soonest = ProviderRateCap.UNTIL_A_CALL_ENDS;
            boolean anyAdmitted = false;
            for (Provider provider : providers) {
                if (!provider.admits()) {
                    continue;
                }
                anyAdmitted = true;
                long wait = provider.cap() == null ? 0 : provider.cap().tryStart();
                if (wait == 0) {
                    return new Choice(provider, provider.breaker() != null, null);
                }
                provider.releaseAdmission();
                soonest = Math.min(soonest, wait);
                // A running call makes room no sooner than a period after it ends.
                long atLeast = wait == ProviderRateCap.UNTIL_A_CALL_ENDS ? provider.cap().period().toNanos() : wait;
                if (atLeast <= provider.cap().maxWait().toNanos()) {
                    break;
                }
            }
            if (!anyAdmitted) {
                Provider first = providers.get(0);
                long wait = first.cap() == null ? 0 : first.cap().tryStart();
                if (wait == 0) {
                    return new Choice(first, false, null);
                }
                soonest = wait;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            long pause = Math.min(soonest, left);
            synchronized (roomChanged) {
                if (roomChanges == changesSeen) {
                    TimeUnit.NANOSECONDS.timedWait(roomChanged, Math.max(pause, 1));
                }
            }
        }
    }

    /** The provider one attempt goes to, or the outcome of an attempt that cannot go to any. */
    public final class Choice {

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
            } finally {
                if (provider.cap() != null) {
                    provider.cap().end();
                    roomMayHaveChanged();
                }
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
            if (!done && provider != null && provider.cap() != null) {
                provider.cap().cancel();
                roomMayHaveChanged();
            }
            done = true;
        }
    }

    private void roomMayHaveChanged() {
        synchronized (roomChanged) {
            roomChanges++;
            roomChanged.notifyAll();
        }
    }

    /** What a breaker records for a retryable failure; it has no stack trace, since it is never thrown. */
    static final class ProviderFailure extends RuntimeException {

        ProviderFailure(String error) {
            super(error, null, false, false);
        }
    }
}

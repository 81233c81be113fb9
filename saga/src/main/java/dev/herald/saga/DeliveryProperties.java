package dev.herald.saga;

import dev.herald.api.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Herald delivers: retry policy (per channel overridable), provider timeouts, delivery workers, the providers and
 * the secrets that sign webhooks and unsubscribe links.
 *
 * @param publicBaseUrl     where recipients reach this Herald; unsubscribe links in emails point here
 * @param unsubscribeSecret signs unsubscribe tokens (32+ bytes, the same on every node)
 * @param connectTimeout    for connecting to any provider (SMTP server, webhook receiver, SMS and push providers)
 * @param requestTimeout    for one provider call once connected (HTTP response, each SMTP read and write)
 * @param watchdogMargin    added to the attempt's own time limit before an attempt without a recorded outcome counts
 *                          as failed; it covers the wait in a delivery queue and the recording commands
 */
@ConfigurationProperties("herald.delivery")
public record DeliveryProperties(@DefaultValue("http://localhost:8080") URI publicBaseUrl,
                                 String unsubscribeSecret,
                                 @DefaultValue Retry retry,
                                 @DefaultValue("5s") Duration connectTimeout,
                                 @DefaultValue("30s") Duration requestTimeout,
                                 @DefaultValue("2m") Duration watchdogMargin,
                                 @DefaultValue Workers workers,
                                 @DefaultValue Email email,
                                 @DefaultValue Webhook webhook,
                                 @DefaultValue Provider sms,
                                 @DefaultValue Provider push) {

    public DeliveryProperties {
        String scheme = publicBaseUrl.getScheme();
        if (!publicBaseUrl.isAbsolute() || publicBaseUrl.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("herald.delivery.public-base-url must be an absolute http(s) URL, not "
                                                       + publicBaseUrl);
        }
        requirePositive(connectTimeout, "herald.delivery.connect-timeout");
        requirePositive(requestTimeout, "herald.delivery.request-timeout");
        requirePositive(watchdogMargin, "herald.delivery.watchdog-margin");
    }

    /** The longest one attempt can take before its provider call times out. */
    public Duration attemptTimeout() {
        return connectTimeout.plus(requestTimeout);
    }

    /** When an attempt handed to a worker without a recorded outcome is presumed lost. */
    public Duration attemptWatchdog() {
        return attemptTimeout().plus(watchdogMargin);
    }

    /**
     * The longest an attempt may wait in its delivery queue: half the margin, so that an attempt that starts still
     * finishes, its recording commands included, before its watchdog gives up on it.
     */
    public Duration maxQueueWait() {
        return watchdogMargin.dividedBy(2);
    }

    /**
     * Retry defaults for every channel, and per-channel overrides ({@code herald.delivery.retry.channels.sms.*}).
     *
     * @param deadline how long after a notification is due its channels may still be retried
     */
    public record Retry(@DefaultValue("8") int maxAttempts,
                        @DefaultValue("10s") Duration firstDelay,
                        @DefaultValue("10m") Duration maxDelay,
                        @DefaultValue("30m") Duration deadline,
                        Map<Channel, RetryOverride> channels) {

        public Retry {
            channels = channels == null ? Map.of() : Map.copyOf(channels);
            // Merging validates, so that a bad value fails at startup rather than at the first retry.
            RetrySettings defaults = new RetrySettings(maxAttempts, firstDelay, maxDelay, deadline);
            channels.values().forEach(override -> override.over(defaults));
        }

        public RetrySettings forChannel(Channel channel) {
            RetrySettings defaults = new RetrySettings(maxAttempts, firstDelay, maxDelay, deadline);
            RetryOverride override = channels.get(channel);
            return override == null ? defaults : override.over(defaults);
        }
    }

    /** One channel's deviations from the retry defaults; what is not set here comes from the defaults. */
    public record RetryOverride(Integer maxAttempts, Duration firstDelay, Duration maxDelay, Duration deadline) {

        RetrySettings over(RetrySettings defaults) {
            return new RetrySettings(maxAttempts == null ? defaults.maxAttempts() : maxAttempts,
                                     firstDelay == null ? defaults.firstDelay() : firstDelay,
                                     maxDelay == null ? defaults.maxDelay() : maxDelay,
                                     deadline == null ? defaults.deadline() : deadline);
        }
    }

    /** The retry policy of one channel, defaults and override merged. */
    public record RetrySettings(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration deadline) {

        public RetrySettings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("herald.delivery.retry max-attempts must be at least 1");
            }
            requirePositive(firstDelay, "herald.delivery.retry first-delay");
            requirePositive(maxDelay, "herald.delivery.retry max-delay");
            requirePositive(deadline, "herald.delivery.retry deadline");
        }
    }

    /**
     * Delivery workers, per channel: provider calls never run on an event processor thread.
     *
     * @param queueCapacity attempts that may wait per channel; beyond it an attempt counts as a retryable failure
     */
    public record Workers(@DefaultValue("4") int threads, @DefaultValue("10000") int queueCapacity) {

        public Workers {
            if (threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("herald.delivery.workers threads and queue-capacity must be >= 1");
            }
        }
    }

    /** The sender address of Herald's emails; the SMTP server itself is configured with {@code spring.mail.*}. */
    public record Email(@DefaultValue("herald@localhost") String from) {
    }

    /** Without a signing secret webhooks are not sent at all: an unsigned webhook could be forged by anyone. */
    public record Webhook(String signingSecret) {
    }

    /** An HTTP provider (SMS or push); without a url the channel fails permanently. */
    public record Provider(URI url, String token) {
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}

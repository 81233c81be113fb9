package dev.herald.saga;

import dev.herald.api.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Herald delivers: retry policy (per channel overridable), provider timeouts, delivery workers, each channel's
 * providers in the order they are tried and the circuit breaker that takes a failing one out of that order, and the
 * secrets that sign webhooks and unsubscribe links.
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
                                 @DefaultValue CircuitBreaker circuitBreaker,
                                 @DefaultValue Email email,
                                 @DefaultValue Webhook webhook,
                                 @DefaultValue HttpChannel sms,
                                 @DefaultValue HttpChannel push) {

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

    /**
     * When a provider's circuit breaker opens (Resilience4j, one per provider): once at least
     * {@code minimumNumberOfCalls} of its last {@code slidingWindowSize} calls were made and
     * {@code failureRateThreshold} percent of them failed retryably (connection refused, timeout, 4xx SMTP reply, HTTP
     * 5xx or 429). An open breaker sends attempts to the channel's next provider; after {@code waitDurationInOpenState}
     * it lets {@code permittedCallsInHalfOpenState} attempts through to see whether the provider is back.
     */
    public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
                                 @DefaultValue("10") int slidingWindowSize,
                                 @DefaultValue("5") int minimumNumberOfCalls,
                                 @DefaultValue("30s") Duration waitDurationInOpenState,
                                 @DefaultValue("1") int permittedCallsInHalfOpenState) {

        public CircuitBreaker {
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException(
                        "herald.delivery.circuit-breaker.failure-rate-threshold must be in (0, 100]");
            }
            if (slidingWindowSize < 1 || minimumNumberOfCalls < 1 || permittedCallsInHalfOpenState < 1) {
                throw new IllegalArgumentException("herald.delivery.circuit-breaker sliding-window-size, "
                        + "minimum-number-of-calls and permitted-calls-in-half-open-state must be >= 1");
            }
            requirePositive(waitDurationInOpenState, "herald.delivery.circuit-breaker.wait-duration-in-open-state");
        }
    }

    /**
     * A provider's send rate: at most {@code limit} calls reach it in any window of {@code period} (every sliding
     * window, see {@link dev.herald.saga.channel.RateCap}). An attempt waits for room without using a retry attempt;
     * while a provider's room comes within {@code maxWait} the attempt waits for it, otherwise the channel's next
     * provider with room may take it.
     *
     * @param limit null for no send rate at all
     */
    public record Rate(Integer limit, @DefaultValue("1s") Duration period, @DefaultValue("1s") Duration maxWait) {

        public Rate {
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("a provider's rate.limit must be at least 1");
            }
            requirePositive(period, "a provider's rate.period");
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("a provider's rate.max-wait must not be negative");
            }
        }

        /** Whether a rate is set: a {@code limit}. */
        public static boolean isSet(Rate rate) {
            return rate != null && rate.limit() != null;
        }
    }

    /**
     * Email: the sender address, and the SMTP relays in the order they are tried. Without {@code providers} the one
     * SMTP server of {@code spring.mail.*} is the only provider, named {@value #DEFAULT_PROVIDER}.
     *
     * @param rate the send rate of that one provider (none without a limit); each listed provider has its own
     */
    public record Email(@DefaultValue("herald@localhost") String from, List<SmtpProvider> providers, Rate rate) {

        public Email {
            providers = providers == null ? List.of() : List.copyOf(providers);
            requireUniqueNames(providers.stream().map(SmtpProvider::name).toList(), "email");
            if (Rate.isSet(rate) && !providers.isEmpty()) {
                throw new IllegalArgumentException("herald.delivery.email.rate belongs to the one relay of "
                                                           + "spring.mail; give each of email.providers its own rate");
            }
        }
    }

    /**
     * One SMTP relay.
     *
     * @param properties extra JavaMail properties ({@code mail.smtp.starttls.enable: true} and the like)
     * @param rate       null (or without a limit) for no send rate
     */
    public record SmtpProvider(String name, String host, @DefaultValue("25") int port, String username,
                               String password, @DefaultValue("smtp") String protocol, Map<String, String> properties,
                               Rate rate) {

        public SmtpProvider {
            requireName(name, "email");
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("herald.delivery.email.providers: " + name + " needs a host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("herald.delivery.email.providers: " + name + " port out of range");
            }
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }

    /**
     * Webhooks are signed as the Standard Webhooks specification says. A sender's own secrets (created through the API)
     * take precedence; these sign the webhooks of senders without one. Without any secret a webhook is not sent at
     * all: an unsigned webhook could be forged by anyone.
     *
     * @param signingSecret  the secret ({@code whsec_} and base64, or any other string, whose UTF-8 bytes are then the
     *                       key)
     * @param signingSecrets more secrets, each signing too, for a rotation: receivers accept any one signature
     */
    public record Webhook(String signingSecret, List<String> signingSecrets) {

        public Webhook {
            signingSecrets = signingSecrets == null ? List.of() : List.copyOf(signingSecrets);
        }

        /** Every configured secret, {@code signing-secret} first. */
        public List<String> secrets() {
            List<String> secrets = new ArrayList<>();
            if (signingSecret != null && !signingSecret.isBlank()) {
                secrets.add(signingSecret);
            }
            signingSecrets.stream().filter(secret -> secret != null && !secret.isBlank()).forEach(secrets::add);
            return List.copyOf(secrets);
        }
    }

    /**
     * An HTTP provider channel (SMS or push): its providers in the order they are tried, or the single provider of
     * {@code url} and {@code token} (named {@value #DEFAULT_PROVIDER}). Without either the channel fails permanently.
     *
     * @param rate the send rate of the one provider of {@code url} (none without a limit); each listed provider has
     *             its own
     */
    public record HttpChannel(URI url, String token, Rate rate, List<HttpProvider> providers) {

        public HttpChannel {
            providers = providers == null ? List.of() : List.copyOf(providers);
            if (url != null && !providers.isEmpty()) {
                throw new IllegalArgumentException("set either url (one provider) or providers (several), not both");
            }
            if (Rate.isSet(rate) && !providers.isEmpty()) {
                throw new IllegalArgumentException("rate belongs to the one provider of url; give each of providers "
                                                           + "its own rate");
            }
            requireUniqueNames(providers.stream().map(HttpProvider::name).toList(), "sms/push");
        }

        /** The providers in order: those listed, or the one of {@code url}. */
        public List<HttpProvider> ordered() {
            if (!providers.isEmpty()) {
                return providers;
            }
            return url == null ? List.of() : List.of(new HttpProvider(DEFAULT_PROVIDER, url, token, rate));
        }
    }

    /** One HTTP provider: where Herald posts, its bearer token, and its send rate (null or without a limit: none). */
    public record HttpProvider(String name, URI url, String token, Rate rate) {

        public HttpProvider {
            requireName(name, "sms/push");
            if (url == null) {
                throw new IllegalArgumentException("provider " + name + " needs a url");
            }
        }
    }

    /** The name of a channel's provider configured the single-provider way. */
    public static final String DEFAULT_PROVIDER = "default";

    private static void requireName(String name, String channel) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}")) {
            throw new IllegalArgumentException("herald.delivery." + channel + " providers need a name of 1 to 40 "
                                                       + "letters, digits, - and _, not " + name);
        }
    }

    private static void requireUniqueNames(List<String> names, String channel) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("herald.delivery." + channel + " has two providers named " + name);
            }
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}

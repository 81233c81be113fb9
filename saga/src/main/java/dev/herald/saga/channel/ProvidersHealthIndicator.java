package dev.herald.saga.channel;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code providers} component of {@code /actuator/health}: per channel, each provider in the order it is tried
 * with its circuit breaker's state, failure rate and buffered calls. It reports {@value #DEGRADED} while a breaker is
 * open. Spring Boot leaves a status outside its order out of the overall status, so a failing SMS provider does not
 * take a node out of its load balancer: the node still accepts sends, and their deliveries wait for a provider
 * (add {@code degraded} to {@code management.endpoint.health.status.order} to make it count).
 */
public final class ProvidersHealthIndicator implements HealthIndicator {

    public static final String DEGRADED = "DEGRADED";

    private final List<ChannelProviders> channels;

    public ProvidersHealthIndicator(List<ChannelProviders> channels) {
        this.channels = List.copyOf(channels);
    }

    @Override
    public Health health() {
        boolean anyOpen = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (ChannelProviders channel : channels) {
            Map<String, Object> providers = new LinkedHashMap<>();
            for (ChannelProviders.Provider provider : channel.providers()) {
                if (provider.breaker() == null) {
                    continue;
                }
                CircuitBreaker.State state = provider.breaker().getState();
                anyOpen |= state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
                CircuitBreaker.Metrics metrics = provider.breaker().getMetrics();
                Map<String, Object> breaker = new LinkedHashMap<>();
                breaker.put("state", state.name());
                breaker.put("failureRate", metrics.getFailureRate());
                breaker.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
                breaker.put("failedCalls", metrics.getNumberOfFailedCalls());
                providers.put(provider.name(), breaker);
            }
            if (!providers.isEmpty()) {
                details.put(channel.channel().name().toLowerCase(Locale.ROOT), providers);
            }
        }
        return Health.status(anyOpen ? new Status(DEGRADED) : Status.UP).withDetails(details).build();
    }
}

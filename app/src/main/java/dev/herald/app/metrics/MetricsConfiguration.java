package dev.herald.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadPoolExecutor;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics an operator watches besides those of their own components ({@code ProcessorLag},
 * {@code InboxStreamController}, {@code DeliveryMetrics}): sends and outcomes per channel, digests and the command queue.
 * The README's "Metrics" section lists every series.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    DeliveryOutcomeMetrics deliveryOutcomeMetrics(MeterRegistry registry) {
        return new DeliveryOutcomeMetrics(registry);
    }

    @Bean
    DigestMetrics digestMetrics(MeterRegistry registry) {
        return new DigestMetrics(registry);
    }

    /** Every event store Herald builds or Axon's auto-configuration builds takes these monitors. */
    @Bean
    ConfigurerModule deliveryOutcomesFromStoredEvents(DeliveryOutcomeMetrics metrics, DigestMetrics digests) {
        return configurer -> configurer.configureMessageMonitor(
                EventStore.class, axon -> new MultiMessageMonitor<>(metrics, digests));
    }

    @Bean
    CommandQueueMetrics commandQueueMetrics(@Qualifier("commandExecutor") ThreadPoolExecutor commandExecutor) {
        return new CommandQueueMetrics(commandExecutor);
    }
}

package dev.herald.saga;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.saga.broadcast.BroadcastProperties;
import dev.herald.saga.broadcast.BroadcastRunner;
import dev.herald.saga.channel.ChannelAdapter;
import dev.herald.saga.channel.ChannelProviders;
import dev.herald.saga.channel.EmailAdapter;
import dev.herald.saga.channel.HttpDelivery;
import dev.herald.saga.channel.HttpProviderAdapter;
import dev.herald.saga.channel.ProvidersHealthIndicator;
import dev.herald.saga.channel.ProviderRateCap;
import dev.herald.saga.channel.WebhookAdapter;
import dev.herald.saga.channel.WebhookSecrets;
import dev.herald.saga.delivery.DeliveryMetrics;
import dev.herald.saga.delivery.DeliverySaga;
import dev.herald.saga.delivery.DeliveryWorker;
import dev.herald.saga.delivery.EventStoreNotificationContents;
import dev.herald.saga.delivery.Jitter;
import dev.herald.saga.delivery.NotificationContents;
import dev.herald.saga.delivery.PriorityDeliveryDispatcher;
import dev.herald.saga.delivery.RetryPolicy;
import dev.herald.saga.delivery.SagaStartFilter;
import dev.herald.saga.digest.DigestCollector;
import dev.herald.saga.unsubscribe.UnsubscribeTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The saga side: the delivery saga (processing group {@code delivery}), its workers and channel adapters, the digest
 * collector (processing group {@code digests}) and digest saga, and the unsubscribe endpoint. It expects from the application Axon's {@link CommandGateway} and {@link EventStore}, a
 * persistent {@code DeadlineManager}, a saga store, the {@link CommandTimeout}, and optionally a
 * {@link JavaMailSender} (the single SMTP server when {@code herald.delivery.email.providers} lists none),
 * {@link WebhookSecrets} (senders' own webhook secrets) and a {@link MeterRegistry}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties({DeliveryProperties.class, BroadcastProperties.class})
public class SagaSideConfiguration {

    @Bean
    RetryPolicy deliveryRetryPolicy(DeliveryProperties properties) {
        return RetryPolicy.from(properties, Jitter.uniform());
    }

    /** Sends with nothing to deliver or release start no saga (see {@link DeliverySaga#isNeededFor}). */
    @Bean
    ConfigurerModule deliverySagaStartFilter() {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(
                DeliverySaga.PROCESSING_GROUP, configuration -> new SagaStartFilter());
    }

    /**
     * A digest item whose command failed is tried again (the batch fails and the processor retries it) instead of
     * being logged and skipped, which would leave the item out of every digest.
     */
    @Bean
    ConfigurerModule digestCollectorRetries() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                DigestCollector.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }

    /** A batch of the digest collector waits for its commands before its token moves (see the interceptor). */
    @Bean
    ConfigurerModule digestCollectorWaitsBeforeItsToken(CommandTimeout timeout) {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(
                DigestCollector.PROCESSING_GROUP, configuration -> DigestCollector.awaitAfterLastEvent(timeout));
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(DeliveryProperties properties) {
        return new UnsubscribeTokens(properties.unsubscribeSecret());
    }

    @Bean
    DeliveryMetrics deliveryMetrics(ObjectProvider<MeterRegistry> registry) {
        return new DeliveryMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    HttpDelivery deliveryHttp(DeliveryProperties properties) {
        return new HttpDelivery(properties.connectTimeout(), properties.requestTimeout(), Clock.systemUTC());
    }

    /** One breaker per provider, named {@code <channel>.<provider>}; see {@link DeliveryProperties.CircuitBreaker}. */
    @Bean
    CircuitBreakerRegistry providerCircuitBreakers(DeliveryProperties properties) {
        DeliveryProperties.CircuitBreaker settings = properties.circuitBreaker();
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .build());
    }

    /** Resilience4j's own meters: {@code resilience4j.circuitbreaker.state{name,state}}, calls, failure rate. */
    @Bean
    TaggedCircuitBreakerMetrics providerCircuitBreakerMetrics(CircuitBreakerRegistry providerCircuitBreakers,
                                                              ObjectProvider<MeterRegistry> registry) {
        TaggedCircuitBreakerMetrics metrics =
                TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(providerCircuitBreakers);
        registry.ifAvailable(metrics::bindTo);
        return metrics;
    }

    @Bean
    ProvidersHealthIndicator providersHealthIndicator(List<ChannelProviders> channels) {
        return new ProvidersHealthIndicator(channels);
    }

    @Bean
    ChannelProviders emailProviders(ObjectProvider<JavaMailSender> mailSender, DeliveryProperties properties,
                                    UnsubscribeTokens unsubscribeTokens, CircuitBreakerRegistry providerCircuitBreakers,
                                    ObjectProvider<ProviderRateCap.Factory> rateCaps) {
        EmailAdapter.requireValidFrom(properties.email().from());
        Providers providers = new Providers(Channel.EMAIL, providerCircuitBreakers, rateCaps(rateCaps));
        List<DeliveryProperties.SmtpProvider> relays = properties.email().providers();
        for (DeliveryProperties.SmtpProvider relay : relays) {
            providers.add(relay.name(), emailAdapter(mailSender(relay), properties, unsubscribeTokens), relay.rate());
        }
        JavaMailSender springMail = mailSender.getIfAvailable();
        if (relays.isEmpty() && springMail != null) {
            providers.add(DeliveryProperties.DEFAULT_PROVIDER, emailAdapter(springMail, properties, unsubscribeTokens),
                          properties.email().rate());
        }
        return providers.build("herald.delivery.email.providers or spring.mail.host");
    }

    @Bean
    ChannelProviders smsProviders(HttpDelivery deliveryHttp, DeliveryProperties properties,
                                  CircuitBreakerRegistry providerCircuitBreakers,
                                  ObjectProvider<ProviderRateCap.Factory> rateCaps) {
        return httpProviders(Channel.SMS, properties.sms(), providerCircuitBreakers, rateCaps(rateCaps),
                             provider -> HttpProviderAdapter.sms(deliveryHttp, provider.url(), provider.token(),
                                                                 payloadJson()));
    }

    @Bean
    ChannelProviders pushProviders(HttpDelivery deliveryHttp, DeliveryProperties properties,
                                   CircuitBreakerRegistry providerCircuitBreakers,
                                   ObjectProvider<ProviderRateCap.Factory> rateCaps) {
        return httpProviders(Channel.PUSH, properties.push(), providerCircuitBreakers, rateCaps(rateCaps),
                             provider -> HttpProviderAdapter.push(deliveryHttp, provider.url(), provider.token(),
                                                                  payloadJson()));
    }

    /**
     * Provider rates are counted in the process unless the application supplies a shared count (the cluster
     * profiles do, in MongoDB), so that on a cluster a rate holds for all nodes together.
     */
    private static ProviderRateCap.Factory rateCaps(ObjectProvider<ProviderRateCap.Factory> shared) {
        return shared.getIfAvailable(() -> ProviderRateCap.Factory.IN_PROCESS);
    }

    private static ChannelProviders httpProviders(Channel channel, DeliveryProperties.HttpChannel settings,
                                                  CircuitBreakerRegistry breakers, ProviderRateCap.Factory rateCaps,
                                                  Function<DeliveryProperties.HttpProvider, ChannelAdapter> adapter) {
        Providers providers = new Providers(channel, breakers, rateCaps);
        for (DeliveryProperties.HttpProvider provider : settings.ordered()) {
            providers.add(provider.name(), adapter.apply(provider), provider.rate());
        }
        String prefix = "herald.delivery." + channel.name().toLowerCase(Locale.ROOT);
        return providers.build(prefix + ".providers or " + prefix + ".url");
    }

    /** Webhooks go to each recipient's own URL: no named provider, and no breaker shared by all recipients. */
    @Bean
    ChannelProviders webhookProviders(HttpDelivery deliveryHttp, DeliveryProperties properties,
                                      ObjectProvider<WebhookSecrets> webhookSecrets) {
        WebhookAdapter adapter = new WebhookAdapter(deliveryHttp,
                                                    webhookSecrets.getIfAvailable(() -> WebhookSecrets.NONE),
                                                    properties.webhook().secrets(), payloadJson());
        return new ChannelProviders(Channel.WEBHOOK, List.of(new ChannelProviders.Provider(null, adapter, null, null)),
                                    "");
    }

    @Bean
    NotificationContents notificationContents(EventStore eventStore) {
        return new EventStoreNotificationContents(eventStore);
    }

    @Bean
    DeliveryWorker deliveryWorker(List<ChannelProviders> channels, NotificationContents notificationContents,
                                  CommandGateway commandGateway, CommandTimeout commandTimeout,
                                  RetryPolicy deliveryRetryPolicy, DeliveryMetrics deliveryMetrics,
                                  DeliveryProperties properties) {
        return new DeliveryWorker(channels, notificationContents, commandGateway, commandTimeout,
                                  deliveryRetryPolicy, deliveryMetrics, properties.maxQueueWait(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    PriorityDeliveryDispatcher deliveryDispatcher(DeliveryWorker deliveryWorker, DeliveryProperties properties,
                                                  DeliveryMetrics deliveryMetrics) {
        return new PriorityDeliveryDispatcher(deliveryWorker.channels(), properties.workers().threads(),
                                              properties.workers().queueCapacity(), Clock.systemUTC(),
                                              deliveryMetrics, deliveryWorker);
    }

    /** Broadcasts fan out on whichever node claims them; see {@link BroadcastRunner}. */
    @Bean
    BroadcastRunner broadcastRunner(CommandGateway commandGateway, QueryGateway queryGateway,
                                    CommandTimeout commandTimeout, BroadcastProperties properties) {
        return new BroadcastRunner(commandGateway, queryGateway, commandTimeout, properties, Clock.systemUTC());
    }

    private static EmailAdapter emailAdapter(JavaMailSender sender, DeliveryProperties properties,
                                             UnsubscribeTokens unsubscribeTokens) {
        return new EmailAdapter(sender, properties.email().from(), properties.publicBaseUrl(), unsubscribeTokens,
                                properties.connectTimeout(), properties.requestTimeout());
    }

    private static JavaMailSender mailSender(DeliveryProperties.SmtpProvider relay) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(relay.host());
        sender.setPort(relay.port());
        sender.setUsername(relay.username());
        sender.setPassword(relay.password());
        sender.setProtocol(relay.protocol());
        sender.setDefaultEncoding("UTF-8");
        sender.getJavaMailProperties().putAll(relay.properties());
        return sender;
    }

    /** Collects a channel's providers, each with its breaker and, when it has a rate, its rate cap. */
    private static final class Providers {

        private final Channel channel;
        private final CircuitBreakerRegistry breakers;
        private final ProviderRateCap.Factory rateCaps;
        private final List<ChannelProviders.Provider> providers = new ArrayList<>();

        Providers(Channel channel, CircuitBreakerRegistry breakers, ProviderRateCap.Factory rateCaps) {
            this.channel = channel;
            this.breakers = breakers;
            this.rateCaps = rateCaps;
        }

        void add(String name, ChannelAdapter adapter, DeliveryProperties.Rate rate) {
            String id = channel.name().toLowerCase(Locale.ROOT) + "." + name;
            CircuitBreaker breaker = breakers.circuitBreaker(id, Map.of("channel", channel.name(), "provider", name));
            ProviderRateCap cap = DeliveryProperties.Rate.isSet(rate)
                    ? rateCaps.create(id, rate.limit(), rate.period(), rate.maxWait()) : null;
            providers.add(new ChannelProviders.Provider(name, adapter, breaker, cap));
        }

        ChannelProviders build(String whereConfigured) {
            return new ChannelProviders(channel, providers, whereConfigured);
        }
    }

    /** What providers receive: ISO-8601 instants, independent of how the application configures its own Jackson. */
    private static ObjectMapper payloadJson() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .build();
    }
}

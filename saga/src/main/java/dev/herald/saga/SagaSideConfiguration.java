package dev.herald.saga;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.api.CommandTimeout;
import dev.herald.saga.channel.ChannelAdapter;
import dev.herald.saga.channel.EmailAdapter;
import dev.herald.saga.channel.HttpDelivery;
import dev.herald.saga.channel.HttpProviderAdapter;
import dev.herald.saga.channel.WebhookAdapter;
import dev.herald.saga.delivery.DeliveryMetrics;
import dev.herald.saga.delivery.DeliverySaga;
import dev.herald.saga.delivery.DeliveryWorker;
import dev.herald.saga.delivery.EventStoreNotificationContents;
import dev.herald.saga.delivery.Jitter;
import dev.herald.saga.delivery.NotificationContents;
import dev.herald.saga.delivery.PriorityDeliveryDispatcher;
import dev.herald.saga.delivery.RetryPolicy;
import dev.herald.saga.delivery.SagaStartFilter;
import dev.herald.saga.unsubscribe.UnsubscribeTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The saga side: the delivery saga (processing group {@code delivery}), its workers and channel adapters, and the
 * unsubscribe endpoint. It expects from the application Axon's {@link CommandGateway} and {@link EventStore}, a
 * persistent {@code DeadlineManager}, a saga store, the {@link CommandTimeout}, and optionally a
 * {@link JavaMailSender} (without one, email fails permanently) and a {@link MeterRegistry}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(DeliveryProperties.class)
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

    @Bean
    EmailAdapter emailAdapter(ObjectProvider<JavaMailSender> mailSender, DeliveryProperties properties,
                              UnsubscribeTokens unsubscribeTokens) {
        return new EmailAdapter(mailSender.getIfAvailable(), properties.email().from(), properties.publicBaseUrl(),
                                unsubscribeTokens, properties.connectTimeout(), properties.requestTimeout());
    }

    @Bean
    WebhookAdapter webhookAdapter(HttpDelivery deliveryHttp, DeliveryProperties properties) {
        return new WebhookAdapter(deliveryHttp, properties.webhook().signingSecret(), payloadJson());
    }

    @Bean
    HttpProviderAdapter smsAdapter(HttpDelivery deliveryHttp, DeliveryProperties properties) {
        return HttpProviderAdapter.sms(deliveryHttp, properties.sms().url(), properties.sms().token(), payloadJson());
    }

    @Bean
    HttpProviderAdapter pushAdapter(HttpDelivery deliveryHttp, DeliveryProperties properties) {
        return HttpProviderAdapter.push(deliveryHttp, properties.push().url(), properties.push().token(),
                                        payloadJson());
    }

    @Bean
    NotificationContents notificationContents(EventStore eventStore) {
        return new EventStoreNotificationContents(eventStore);
    }

    @Bean
    DeliveryWorker deliveryWorker(List<ChannelAdapter> adapters, NotificationContents notificationContents,
                                  CommandGateway commandGateway, CommandTimeout commandTimeout,
                                  RetryPolicy deliveryRetryPolicy, DeliveryMetrics deliveryMetrics,
                                  DeliveryProperties properties) {
        return new DeliveryWorker(adapters, notificationContents, commandGateway, commandTimeout,
                                  deliveryRetryPolicy, deliveryMetrics, properties.maxQueueWait(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    PriorityDeliveryDispatcher deliveryDispatcher(DeliveryWorker deliveryWorker, DeliveryProperties properties) {
        return new PriorityDeliveryDispatcher(deliveryWorker.channels(), properties.workers().threads(),
                                              properties.workers().queueCapacity(), Clock.systemUTC(),
                                              deliveryWorker::perform);
    }

    /** What providers receive: ISO-8601 instants, independent of how the application configures its own Jackson. */
    private static ObjectMapper payloadJson() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .build();
    }
}

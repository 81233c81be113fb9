package dev.herald.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.herald.api.Channel;
import dev.herald.api.CommandTimeout;
import dev.herald.saga.channel.ChannelProviders;
import dev.herald.saga.delivery.DeliveryDispatcher;
import dev.herald.saga.delivery.DeliverySaga;
import dev.herald.saga.delivery.RetryPolicy;
import dev.herald.saga.delivery.SagaStartFilter;
import dev.herald.saga.digest.DigestSaga;
import dev.herald.saga.unsubscribe.UnsubscribeController;
import java.net.URI;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.spring.stereotype.Saga;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SagaSideConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SagaSideConfiguration.class)
            .withBean(CommandGateway.class,
                      () -> DefaultCommandGateway.builder().commandBus(new RecordingCommandBus()).build())
            .withBean(EventStore.class, () -> mock(EventStore.class))
            .withBean(QueryGateway.class,
                      () -> DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().build()).build())
            .withBean(CommandTimeout.class, () -> new CommandTimeout(Duration.ofSeconds(10)));

    @Test
    void wiresTheSagaItsWorkersAndTheUnsubscribeEndpoint() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789")
               .run(started -> {
                   assertThat(started).hasNotFailed();
                   assertThat(started.getBeanNamesForAnnotation(Saga.class))
                           .containsExactlyInAnyOrder("deliverySaga", "digestSaga");
                   // One processing group for both sagas: one token, one set of segments, one deadline manager.
                   assertThat(DeliverySaga.class.getAnnotation(ProcessingGroup.class).value()).isEqualTo("delivery");
                   assertThat(DigestSaga.class.getAnnotation(ProcessingGroup.class).value()).isEqualTo("delivery");
                   assertThat(started).hasSingleBean(DeliveryDispatcher.class)
                                      .hasSingleBean(UnsubscribeController.class);
                   assertThat(started.getBeansOfType(ChannelProviders.class).values())
                           .extracting(ChannelProviders::channel)
                           .containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEBHOOK);
               });
    }

    @Test
    void providersAreTriedInTheListedOrderAndASingleUrlIsAOneItemList() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789",
                                   "herald.delivery.email.providers[0].name=primary",
                                   "herald.delivery.email.providers[0].host=smtp-1.example.com",
                                   "herald.delivery.email.providers[0].port=2525",
                                   "herald.delivery.email.providers[1].name=secondary",
                                   "herald.delivery.email.providers[1].host=smtp-2.example.com",
                                   "herald.delivery.email.providers[1].rate.limit=20",
                                   "herald.delivery.sms.url=http://sms.example.com/send",
                                   "herald.delivery.circuit-breaker.minimum-number-of-calls=3")
               .run(started -> {
                   assertThat(started).hasNotFailed();
                   var byChannel = started.getBeansOfType(ChannelProviders.class).values().stream()
                           .collect(java.util.stream.Collectors.toMap(ChannelProviders::channel, p -> p));
                   assertThat(byChannel.get(Channel.EMAIL).providers())
                           .extracting(ChannelProviders.Provider::name).containsExactly("primary", "secondary");
                   assertThat(byChannel.get(Channel.EMAIL).providers().get(1).cap().limit()).isEqualTo(20);
                   assertThat(byChannel.get(Channel.EMAIL).providers().get(0).cap()).isNull();
                   assertThat(byChannel.get(Channel.EMAIL).providers().get(0).breaker().getName())
                           .isEqualTo("email.primary");
                   assertThat(byChannel.get(Channel.EMAIL).providers().get(0).breaker().getCircuitBreakerConfig()
                                      .getMinimumNumberOfCalls()).isEqualTo(3);
                   assertThat(byChannel.get(Channel.SMS).providers())
                           .extracting(ChannelProviders.Provider::name).containsExactly("default");
                   assertThat(byChannel.get(Channel.PUSH).providers()).isEmpty();
                   assertThat(byChannel.get(Channel.WEBHOOK).providers()).singleElement()
                           .satisfies(webhook -> assertThat(webhook.breaker()).isNull());
               });
    }

    @Test
    void aProviderListAndASingleUrlTogetherAreRefused() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789",
                                   "herald.delivery.sms.url=http://sms.example.com/send",
                                   "herald.delivery.sms.providers[0].name=backup",
                                   "herald.delivery.sms.providers[0].url=http://sms-2.example.com/send")
               .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void theSingleProviderOfAUrlTakesTheChannelsRate() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789",
                                   "herald.delivery.sms.url=http://sms.example.com/send",
                                   "herald.delivery.sms.rate.limit=10")
               .run(started -> {
                   assertThat(started).hasNotFailed();
                   ChannelProviders sms = started.getBeansOfType(ChannelProviders.class).values().stream()
                           .filter(channel -> channel.channel() == Channel.SMS).findFirst().orElseThrow();
                   assertThat(sms.providers()).singleElement().satisfies(provider -> {
                       assertThat(provider.cap().limit()).isEqualTo(10);
                       assertThat(provider.cap().period()).isEqualTo(Duration.ofSeconds(1));
                       assertThat(provider.cap().maxWait()).isEqualTo(Duration.ofSeconds(1));
                   });
               });
    }

    @Test
    void aChannelRateBesideAProviderListIsRefused() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789",
                                   "herald.delivery.push.rate.limit=10",
                                   "herald.delivery.push.providers[0].name=fcm",
                                   "herald.delivery.push.providers[0].url=http://push.example.com/send")
               .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void deliveryDefaultsAreThoseDocumented() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789")
               .run(started -> {
                   DeliveryProperties properties = started.getBean(DeliveryProperties.class);
                   assertThat(properties.retry().forChannel(Channel.EMAIL)).isEqualTo(
                           new DeliveryProperties.RetrySettings(8, Duration.ofSeconds(10), Duration.ofMinutes(10),
                                                                Duration.ofMinutes(30)));
                   assertThat(properties.publicBaseUrl()).isEqualTo(URI.create("http://localhost:8080"));
                   assertThat(properties.attemptWatchdog()).isEqualTo(Duration.ofSeconds(155));
                   assertThat(properties.maxQueueWait()).isEqualTo(Duration.ofMinutes(1));
                   assertThat(properties.workers()).isEqualTo(new DeliveryProperties.Workers(4, 10_000));
                   assertThat(properties.email().from()).isEqualTo("herald@localhost");
                   assertThat(properties.sms().url()).isNull();
               });
    }

    @Test
    void retryPolicyIsOverridablePerChannel() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789",
                                   "herald.delivery.retry.max-attempts=5",
                                   "herald.delivery.retry.channels.sms.max-attempts=3",
                                   "herald.delivery.retry.channels.sms.first-delay=2s",
                                   "herald.delivery.retry.channels.WEBHOOK.deadline=2h")
               .run(started -> {
                   RetryPolicy policy = started.getBean(RetryPolicy.class);
                   assertThat(policy.settings(Channel.SMS)).isEqualTo(new DeliveryProperties.RetrySettings(
                           3, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMinutes(30)));
                   assertThat(policy.settings(Channel.WEBHOOK).deadline()).isEqualTo(Duration.ofHours(2));
                   assertThat(policy.settings(Channel.EMAIL).maxAttempts()).isEqualTo(5);
               });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "herald.delivery.sms.url=ftp://sms.example.com/send     | herald.delivery.sms.url",
        "herald.delivery.push.url=push.example.com              | herald.delivery.push.url",
        "herald.delivery.email.from=not an address              | herald.delivery.email.from",
        "herald.delivery.public-base-url=/herald                | herald.delivery.public-base-url",
        "herald.delivery.retry.channels.email.max-attempts=0    | max-attempts"
    })
    void refusesToStartWithUnusableSettings(String setting, String named) {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789",
                                   setting)
               .run(started -> assertThat(started).hasFailed()
                                                  .getFailure()
                                                  .rootCause()
                                                  .hasMessageContaining(named));
    }

    @Test
    void sendsThatNeedNoSagaAreHeldBackFromTheDeliveryProcessorOnly() {
        context.withPropertyValues("herald.delivery.unsubscribe-secret=unsubscribe-secret-for-tests-0123456789")
               .run(started -> {
                   Configurer configurer = DefaultConfigurer.defaultConfiguration()
                           .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
                   configurer.eventProcessing().usingSubscribingEventProcessors()
                             .registerEventHandler(c -> new InDeliveryGroup())
                             .registerEventHandler(c -> new InInboxGroup());
                   started.getBean("deliverySagaStartFilter", ConfigurerModule.class).configureModule(configurer);
                   Configuration configuration = configurer.buildConfiguration();

                   assertThat(configuration.eventProcessingConfiguration()
                                           .interceptorsFor(DeliverySaga.PROCESSING_GROUP))
                           .hasAtLeastOneElementOfType(SagaStartFilter.class);
                   assertThat(configuration.eventProcessingConfiguration().interceptorsFor("inbox"))
                           .noneMatch(SagaStartFilter.class::isInstance);
               });
    }

    @ProcessingGroup(DeliverySaga.PROCESSING_GROUP)
    static final class InDeliveryGroup {

        @EventHandler
        void on(String event) {
        }
    }

    @ProcessingGroup("inbox")
    static final class InInboxGroup {

        @EventHandler
        void on(String event) {
        }
    }

    @Test
    void refusesToStartWithoutAnUnsubscribeSecret() {
        context.run(started -> assertThat(started).hasFailed()
                                                  .getFailure()
                                                  .rootCause()
                                                  .hasMessageContaining("herald.delivery.unsubscribe-secret"));
    }
}

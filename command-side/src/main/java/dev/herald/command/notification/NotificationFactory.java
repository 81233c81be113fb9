package dev.herald.command.notification;

import dev.herald.command.repository.PlainAggregateFactory;
import org.axonframework.eventsourcing.AggregateFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the {@link Notification} aggregates that commands load with its constructor (see {@link PlainAggregateFactory}). */
@Configuration(proxyBeanMethods = false)
class NotificationFactory {

    @Bean
    AggregateFactory<Notification> notificationAggregateFactory() {
        return new PlainAggregateFactory<>(Notification.class, Notification::new);
    }
}

package dev.herald.query;

import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.status.NotificationStatusProjection;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The query side: projections, their query handlers and the recipient and sender read APIs. The app imports this
 * class and must assign {@value #RECIPIENT_SEQUENCING_POLICY} to the {@value InboxProjection#PROCESSING_GROUP}
 * processor, because the inbox documents belong to a recipient, not to one notification.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class QuerySideConfiguration {

    public static final String RECIPIENT_SEQUENCING_POLICY = "recipientSequencingPolicy";

    @Bean(RECIPIENT_SEQUENCING_POLICY)
    public SequencingPolicy<EventMessage<?>> recipientSequencingPolicy() {
        return new RecipientSequencingPolicy();
    }

    /**
     * Axon's default listener error handler logs and moves on, which would leave a projection with half of an
     * event's writes and no retry. The handlers are idempotent, so failing the batch and retrying it is safe.
     */
    @Bean
    public ConfigurerModule querySideErrorHandling() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(InboxProjection.PROCESSING_GROUP,
                                                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(NotificationStatusProjection.PROCESSING_GROUP,
                                                        c -> PropagatingErrorHandler.instance());
    }
}

package dev.herald.app.axon;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Saga state must be as durable as the deadlines it schedules. Deadlines are flushed to their own file when
 * scheduled, while the embedded MongoDB-wire server keeps up to a second of writes in memory; a crash could keep a
 * retry deadline and lose the saga state that expects it (or the reverse). So every unit of work of the delivery
 * saga, for events and for deadlines, commits the embedded store once its saga state and token are written, and
 * before db-scheduler marks a deadline done. A real MongoDB journals each write itself and needs none of this.
 * (This closes one crash window; CrashIT's kill-during-retries test still sees channels stuck after a crash, so it
 * is not the whole story.)
 */
@Configuration(proxyBeanMethods = false)
public class SagaStateDurability {

    static final String DELIVERY_PROCESSOR = "delivery";
    private static final String COMMIT_REGISTERED = "herald.embeddedMongoCommit";

    @Bean
    ConfigurerModule commitEmbeddedMongoAfterSagaWork(ObjectProvider<H2Backend> embeddedMongo) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerHandlerInterceptor(
                DELIVERY_PROCESSOR, configuration -> commitAfter(embeddedMongo)));
    }

    @Bean
    SmartInitializingSingleton commitEmbeddedMongoAfterDeadlines(ObjectProvider<DeadlineManager> deadlines,
                                                                 ObjectProvider<H2Backend> embeddedMongo) {
        return () -> deadlines.ifAvailable(manager -> manager.registerHandlerInterceptor(commitAfter(embeddedMongo)));
    }

    private static <T extends Message<?>> MessageHandlerInterceptor<T> commitAfter(ObjectProvider<H2Backend> store) {
        return (unitOfWork, chain) -> {
            H2Backend backend = store.getIfAvailable();
            if (backend != null) {
                UnitOfWork<?> root = unitOfWork.root();
                root.getOrComputeResource(COMMIT_REGISTERED, key -> {
                    root.afterCommit(committed -> backend.commit());
                    return Boolean.TRUE;
                });
            }
            return chain.proceed();
        };
    }
}

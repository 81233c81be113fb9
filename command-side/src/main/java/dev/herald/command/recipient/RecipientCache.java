package dev.herald.command.recipient;

import dev.herald.command.repository.CaffeineCache;
import dev.herald.command.repository.PlainAggregateFactory;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.AggregateFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * How the {@link Recipient} repository makes and keeps its aggregates.
 *
 * <p>Made with its constructor, not as Spring prototype beans (see {@link PlainAggregateFactory}).
 *
 * <p>Keeps loaded {@link Recipient} aggregates in memory on a single node. Every send loads its recipient for the
 * opt-out and contact check; a JFR profile of a send load (2026-12-05) put 12 % of Herald's CPU in loading it from
 * its events. On one node every change of a recipient goes through this node's repository, which updates the cache
 * as the change commits and drops the entry when it rolls back, so the cache is exact. On the cluster profiles
 * another node may change the recipient, so there is no cache and every load reads the events.
 */
public final class RecipientCache {

    public static final String BEAN = "recipientCache";
    /** A recipient is a few hundred bytes to a few KiB; this many take some tens of MiB at most. */
    static final long MAXIMUM_SIZE = 20_000;

    private RecipientCache() {
    }

    @Configuration(proxyBeanMethods = false)
    static class Factory {

        @Bean
        AggregateFactory<Recipient> recipientAggregateFactory() {
            return new PlainAggregateFactory<>(Recipient.class, Recipient::new);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("!mongo & !axon-server")
    static class OnOneNode {

        @Bean(BEAN)
        Cache recipientCache() {
            return new CaffeineCache(MAXIMUM_SIZE);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("mongo | axon-server")
    static class OnACluster {

        @Bean(BEAN)
        Cache recipientCache() {
            return NoCache.INSTANCE;
        }
    }
}

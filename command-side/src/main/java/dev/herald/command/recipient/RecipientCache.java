package dev.herald.command.recipient;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Keeps loaded {@link Recipient} aggregates in memory on a single node. Every send loads its recipient for the
 * opt-out and contact check; a JFR profile of a send load (2026-12-05) put 12 % of Herald's CPU in loading it from
 * its events. On one node every change of a recipient goes through this node's repository, which updates the cache
 * as the change commits and drops the entry when it rolls back, so the cache is exact. On the cluster profiles
 * another node may change the recipient, so there is no cache and every load reads the events.
 */
public final class RecipientCache {

    public static final String BEAN = "recipientCache";

    private RecipientCache() {
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("!mongo & !axon-server")
    static class OnOneNode {

        @Bean(BEAN)
        Cache recipientCache() {
            return new WeakReferenceCache();
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

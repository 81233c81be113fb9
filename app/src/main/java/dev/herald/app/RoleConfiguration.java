package dev.herald.app;

import dev.herald.command.CommandSideConfiguration;
import dev.herald.query.QuerySideConfiguration;
import dev.herald.saga.SagaSideConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Switches the side modules on per instance ({@code herald.roles=command,query,saga}); by default one process plays
 * every role. On Axon Server, instances with different roles share the work: commands and queries are routed to
 * whichever instance handles them.
 */
final class RoleConfiguration {

    private RoleConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${herald.roles:command,query,saga}'.contains('command')")
    @Import(CommandSideConfiguration.class)
    static class CommandRole {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${herald.roles:command,query,saga}'.contains('query')")
    @Import(QuerySideConfiguration.class)
    static class QueryRole {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${herald.roles:command,query,saga}'.contains('saga')")
    @Import(SagaSideConfiguration.class)
    static class SagaRole {
    }
}

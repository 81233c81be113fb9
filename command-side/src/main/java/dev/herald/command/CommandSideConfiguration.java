package dev.herald.command;

import dev.herald.command.digest.DigestProperties;
import org.axonframework.commandhandling.CommandBus;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The command side as the app imports it: the Recipient and Notification aggregates, the recipient directory the
 * Notification consults at send time, and the sender-facing command endpoints. It expects from the application
 * Axon's command gateway and the {@link dev.herald.api.CommandTimeout} its endpoints wait for a command.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(DigestProperties.class)
public class CommandSideConfiguration {

    /**
     * Registered here rather than exposed as a {@code MessageHandlerInterceptor} bean: Axon's auto-configuration
     * registers every such bean on the command bus itself, and a second registration would wrap twice.
     */
    @Bean
    InitializingBean heraldExceptionInterceptorRegistration(CommandBus commandBus) {
        return () -> commandBus.registerHandlerInterceptor(new HeraldExceptionInterceptor());
    }
}

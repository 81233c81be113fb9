package dev.herald.app.security;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/configprops} shows admins the values of every setting (so that an operator sees what a node bound,
 * not what it was meant to bind), but never a secret: keys, tokens, passwords and secrets are masked, and so are URIs,
 * which may carry credentials ({@code spring.data.mongodb.uri}).
 */
@Configuration(proxyBeanMethods = false)
class ConfigurationEndpointSecrets {

    @Bean
    SanitizingFunction maskLikelySecrets() {
        return SanitizingFunction.sanitizeValue().ifLikelySensitive();
    }
}

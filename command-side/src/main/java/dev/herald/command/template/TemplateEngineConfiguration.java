package dev.herald.command.template;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine as a bean, so that the Template aggregate's handler and the controllers share one. */
@Configuration(proxyBeanMethods = false)
class TemplateEngineConfiguration {

    @Bean
    TemplateEngine templateEngine() {
        return new TemplateEngine();
    }
}

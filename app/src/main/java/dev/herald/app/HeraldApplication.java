package dev.herald.app;

import dev.herald.api.CommandTimeout;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * One Herald process. Which roles it plays is set by {@code herald.roles}; see {@link RoleConfiguration}. With
 * {@code replay} as first argument it is instead the command-line client of a running Herald's replay endpoint.
 */
@SpringBootApplication
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(args, System.out));
        }
        // Axon's update checker calls out to the internet; Herald never does unless told to.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(HeraldApplication.class, args);
    }

    /** {@code herald.commands.timeout}, bound once for every module that waits for a command or a query. */
    @Bean
    CommandTimeout commandTimeout(HeraldProperties properties) {
        return new CommandTimeout(properties.commands().timeout());
    }
}

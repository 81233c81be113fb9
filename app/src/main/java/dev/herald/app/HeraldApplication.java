package dev.herald.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

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
}

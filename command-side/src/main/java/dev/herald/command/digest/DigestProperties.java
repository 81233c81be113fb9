package dev.herald.command.digest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Digest settings ({@code herald.digest.*}): the bounds of a fixed-length window a send may ask for. A daily window
 * ({@code daily@HH:mm}) is at most a day long and needs no bound.
 *
 * @param minWindow the shortest window, e.g. {@code PT10S}
 * @param maxWindow the longest window
 */
@ConfigurationProperties("herald.digest")
public record DigestProperties(@DefaultValue("1s") Duration minWindow, @DefaultValue("7d") Duration maxWindow) {

    public DigestProperties {
        if (minWindow.isNegative() || minWindow.isZero() || maxWindow.compareTo(minWindow) < 0) {
            throw new IllegalArgumentException("herald.digest.min-window must be positive and at most "
                                               + "herald.digest.max-window");
        }
    }
}

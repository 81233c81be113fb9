package dev.herald.saga.broadcast;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How broadcasts fan out ({@code herald.broadcasts.*}).
 *
 * @param pollInterval how often a node looks for broadcasts to run (new ones, and those whose runner's lease ran out)
 * @param batchSize    subscribers per batch: read per topic page, sent, then recorded as progress in one event
 * @param concurrency  send commands in flight at once per running broadcast
 * @param lease        how long a runner holds a broadcast without recording progress; a node that died delays its
 *                     broadcasts by at most this long (keep it well above a batch's time and the nodes' clock skew)
 */
@ConfigurationProperties("herald.broadcasts")
public record BroadcastProperties(@DefaultValue("1s") Duration pollInterval,
                                  @DefaultValue("500") int batchSize,
                                  @DefaultValue("16") int concurrency,
                                  @DefaultValue("15s") Duration lease) {

    public BroadcastProperties {
        if (pollInterval.isNegative() || pollInterval.isZero() || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("herald.broadcasts.poll-interval and lease must be positive");
        }
        if (batchSize < 1 || batchSize > 1_000 || concurrency < 1) {
            throw new IllegalArgumentException("herald.broadcasts.batch-size must be 1 to 1000 and concurrency"
                                               + " at least 1");
        }
    }
}

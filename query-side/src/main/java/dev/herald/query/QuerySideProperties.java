package dev.herald.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The query side's settings ({@code herald.sse.*}, {@code herald.projections.*}).
 *
 * @param sse         the recipient's event stream
 * @param projections replay and the versioned read models
 */
@ConfigurationProperties("herald")
public record QuerySideProperties(@DefaultValue Sse sse, @DefaultValue Projections projections) {

    /** @param heartbeat how often an idle stream sends a {@code heartbeat} event, so that proxies keep it open */
    public record Sse(@DefaultValue("25s") Duration heartbeat) {
    }

    /**
     * @param servingVersionCache how long a node keeps the serving version of a read model before reading it again
     * @param switchCheck         how often a node checks whether a replay it runs is complete
     * @param retiredGrace        how long the collections of a replaced version stay after the switch-over; longer
     *                            than {@code servingVersionCache}, so that no node still reads them when they go
     */
    public record Projections(@DefaultValue("1s") Duration servingVersionCache,
                              @DefaultValue("1s") Duration switchCheck,
                              @DefaultValue("30s") Duration retiredGrace) {
    }
}

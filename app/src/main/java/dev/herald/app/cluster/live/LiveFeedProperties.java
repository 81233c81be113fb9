package dev.herald.app.cluster.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live update feed between nodes on the {@code mongo} profile ({@code herald.live.*}); see
 * {@link FeedInboxUpdates}.
 *
 * @param enabled      whether nodes share their updates through the feed (read by {@link LiveFeedConfiguration})
 * @param pollInterval how often each node reads the other nodes' updates: most of the delay an update adds
 * @param overlap      how far back before its own clock a node reads again, for entries that became visible late;
 *                     must exceed the clock skew between nodes plus the time a feed write takes
 * @param retention    how long entries are kept; longer than the overlap
 * @param queueLimit   updates that may wait for the feed writer before new ones are dropped (and counted)
 */
@ConfigurationProperties("herald.live")
record LiveFeedProperties(@DefaultValue("true") boolean enabled,
                          @DefaultValue("100ms") Duration pollInterval,
                          @DefaultValue("5s") Duration overlap,
                          @DefaultValue("30s") Duration retention,
                          @DefaultValue("10000") int queueLimit) {
}

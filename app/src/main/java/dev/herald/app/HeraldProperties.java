package dev.herald.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Herald's own settings ({@code herald.*}).
 *
 * @param dataDir  where the embedded stores and generated secrets live
 * @param roles    which roles this instance plays: any of {@code command}, {@code query}, {@code saga}
 * @param commands   the command bus's worker pool
 * @param eventStore the embedded event store's durability
 */
@ConfigurationProperties("herald")
public record HeraldProperties(@DefaultValue(HeraldProperties.DEFAULT_DATA_DIR) Path dataDir,
                               @DefaultValue({"command", "query", "saga"}) Set<String> roles,
                               @DefaultValue Security security,
                               @DefaultValue Commands commands,
                               @DefaultValue EventStore eventStore) {

    /** Also read before binding, by {@link GeneratedSecrets}. */
    static final String DEFAULT_DATA_DIR = "./data";

    /**
     * @param bootstrapApiKey        an admin API key accepted from the first start; generated when absent
     * @param jwtSecret              the HMAC secret for recipient tokens (at least 32 bytes); generated when absent
     * @param recipientTokenTtl      lifetime of a recipient token when the request names none
     * @param maxRecipientTokenTtl   the longest lifetime a request may ask for
     */
    public record Security(String bootstrapApiKey, String jwtSecret,
                           @DefaultValue("PT1H") Duration recipientTokenTtl,
                           @DefaultValue("PT24H") Duration maxRecipientTokenTtl) {
    }

    /**
     * @param threads    command handling threads
     * @param queueLimit commands that may wait for a thread before new ones are refused with 503
     * @param timeout    how long Herald waits for one command or query it dispatched: an HTTP request for its
     *                   command or query (then {@code 503}), a delivery worker for the command that records an attempt
     */
    public record Commands(@DefaultValue("8") int threads, @DefaultValue("20000") int queueLimit,
                           @DefaultValue("PT10S") Duration timeout) {
    }

    /**
     * @param flush when an accepted command's events are flushed to disk before it is acknowledged:
     *              {@code GROUP} (default) shares one flush among all commands committed meanwhile;
     *              {@code PER_COMMIT} flushes every commit on its own (SQLite {@code synchronous=FULL});
     *              {@code NONE} never waits for a flush: safe from a process crash, not from power loss
     */
    public record EventStore(@DefaultValue("GROUP") Flush flush) {

        public enum Flush { GROUP, PER_COMMIT, NONE }
    }
}

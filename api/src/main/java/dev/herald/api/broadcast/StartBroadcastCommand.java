package dev.herald.api.broadcast;

import static dev.herald.api.Checks.requireNonBlank;
import static dev.herald.api.Checks.requireNonEmpty;
import static dev.herald.api.Checks.requireNonNull;

import dev.herald.api.AggregateIds;
import java.util.List;
import java.util.TreeSet;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts sending the content to every subscriber of the topics, once per recipient, except the actor (who caused
 * it). The id is made at the edge like a notification's: from the sender's {@code Idempotency-Key} when one is given.
 *
 * @param actorId null when no recipient caused it
 * @param requestFingerprint a hash of the request's content; a repeat with another fingerprint is a reused key
 */
public record StartBroadcastCommand(String broadcastId, String senderId,
                                    List<String> topics, String actorId, BroadcastContent content,
                                    String requestFingerprint) {

    public static final int MAX_TOPICS = 20;

    public StartBroadcastCommand {
        requireNonBlank(broadcastId, "broadcastId");
        requireNonBlank(senderId, "senderId");
        topics = List.copyOf(new TreeSet<>(requireNonEmpty(topics, "topics")));
        if (topics.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("topics must name at most " + MAX_TOPICS + " topics");
        }
        requireNonNull(content, "content");
        requireNonBlank(requestFingerprint, "requestFingerprint");
    }

    /** The targeted aggregate, in its own namespace: see {@link AggregateIds}. */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AggregateIds.broadcast(broadcastId);
    }
}

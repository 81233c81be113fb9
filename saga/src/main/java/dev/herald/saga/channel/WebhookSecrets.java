package dev.herald.saga.channel;

import java.util.List;

/**
 * The secrets that sign a sender's webhooks. The application keeps them where it keeps API keys (shared by every
 * node of a cluster), so that any node signs alike.
 */
@FunctionalInterface
public interface WebhookSecrets {

    /** Signs with no sender-specific secret, only with the configured ones. */
    WebhookSecrets NONE = senderId -> List.of();

    /**
     * The sender's valid secrets, newest first: one normally, two during a rotation; empty when the sender has none
     * of its own (its webhooks are then signed with the configured secrets).
     */
    List<String> forSender(String senderId);
}

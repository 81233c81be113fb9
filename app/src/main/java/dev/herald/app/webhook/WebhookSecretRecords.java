package dev.herald.app.webhook;

import java.time.Instant;
import java.util.List;

/** Where {@link WebhookSecretStore} keeps senders' webhook secrets: the store API keys live in, shared by all nodes. */
public interface WebhookSecretRecords {

    void insert(WebhookSecret secret);

    /** The sender's secrets, retired ones included, newest first. */
    List<WebhookSecret> ofSender(String senderId);

    /**
     * Marks the sender's secret retired at that time unless it is already.
     *
     * @return false when the sender has no such secret
     */
    boolean retire(String senderId, String secretId, Instant at);
}

package dev.herald.api.notification;

/**
 * A channel state: where one channel of one notification stands (the README's glossary). The last four are final:
 * nothing changes them afterwards. In JSON it is the {@code status} of a {@link dev.herald.api.inbox.ChannelStatus}.
 */
public enum ChannelState {
    PENDING, RETRYING, DELIVERED, FAILED, SKIPPED, CANCELLED;

    public boolean isFinal() {
        return this != PENDING && this != RETRYING;
    }
}

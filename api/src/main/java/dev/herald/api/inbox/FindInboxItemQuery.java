package dev.herald.api.inbox;

/**
 * One notification of a recipient's inbox, archived or not. Answered with an Optional {@link InboxItem}: empty when
 * the recipient has no such notification in the inbox (another recipient's counts as none).
 */
public record FindInboxItemQuery(String recipientId, String notificationId) {
}

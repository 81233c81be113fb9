package dev.herald.api.inbox;

/**
 * The ids of a recipient's unread inbox notifications (archived ones excluded), newest first. Answered with
 * {@link UnreadNotificationIds}.
 *
 * @param category only this category; null for every category
 */
public record FindUnreadNotificationIdsQuery(String recipientId, String category) {
}

package dev.herald.api.notification;


/**
 * A scheduled notification reached its send time and is now due for delivery and visible in the inbox.
 *
 * @param inAppPlaced whether the release places it in the recipient's inbox, which is its IN_APP outcome (IN_APP
 *                    requested and neither skipped nor cancelled); false in events stored before the inbox took
 *                    over recording that outcome, which was then recorded by a {@link DeliverySucceededEvent}
 */
public record NotificationReleasedEvent(String notificationId, String recipientId, boolean inAppPlaced)
        implements NotificationScoped {

    /** A release that places nothing in the inbox. */
    public NotificationReleasedEvent(String notificationId, String recipientId) {
        this(notificationId, recipientId, false);
    }
}

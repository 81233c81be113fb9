package dev.herald.api.notification;

import dev.herald.api.RecipientScoped;

/** An event about one notification (and so about its recipient): projections key their documents by it. */
public interface NotificationScoped extends RecipientScoped {

    String notificationId();

    /** The notification an event is about, or null for an event that is not about one. */
    static String idOf(Object event) {
        return event instanceof NotificationScoped scoped ? scoped.notificationId() : null;
    }
}

package dev.herald.query.status;

import dev.herald.query.projection.VersionedReadModel;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How the notification-status read model is kept; {@link NotificationStatusProjection} decides what changes. A
 * status is written as a whole, in its new state, so writing it again changes nothing.
 */
public interface NotificationStatusStore extends VersionedReadModel {

    /** The statuses of these notifications, by notification id. */
    Map<String, NotificationStatusDocument> find(int version, Collection<String> notificationIds);

    /** Writes one batch's statuses: {@code created} were read and not found, {@code changed} were found. */
    void write(int version, List<NotificationStatusDocument> created, List<NotificationStatusDocument> changed);
}

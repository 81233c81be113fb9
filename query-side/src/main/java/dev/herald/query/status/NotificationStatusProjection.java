package dev.herald.query.status;

import dev.herald.api.inbox.FindNotificationStatusQuery;
import dev.herald.api.inbox.NotificationStatus;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.DeliveryStatus;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.query.StoredTime;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * One document per notification in {@value #COLLECTION} ({@code _id} = notification id): where it stands and
 * every attempt on every channel. Each event reads that document by key, changes it in memory and replaces it
 * only when something changed; every change is a "set" (attempts are keyed by number, final statuses never move),
 * so an event applied twice leaves the document as it was. All events come from one notification aggregate, so
 * the default per-aggregate sequencing keeps them in order. The collection is versioned, so that a replay builds
 * a new one while queries read the old one (see {@link ProjectionVersions}).
 */
@Component
@ProcessingGroup(NotificationStatusProjection.PROCESSING_GROUP)
public class NotificationStatusProjection {

    public static final String PROCESSING_GROUP = "notification-status";
    public static final String COLLECTION = "notification_status";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(COLLECTION));

    private final MongoOperations mongo;
    private final ProjectionVersions versions;

    public NotificationStatusProjection(MongoOperations mongo, ProjectionVersions versions) {
        this.mongo = mongo;
        this.versions = versions;
    }

    @EventHandler
    void on(NotificationSentEvent event, @Timestamp Instant at) {
        String collection = writing();
        if (find(event.notificationId(), collection) == null) {
            mongo.save(NotificationStatusDocument.sent(event, StoredTime.of(at)), collection);
        }
    }

    @EventHandler
    void on(NotificationReleasedEvent event) {
        update(event.notificationId(), NotificationStatusDocument::released);
    }

    @EventHandler
    void on(NotificationCancelledEvent event) {
        update(event.notificationId(), NotificationStatusDocument::cancelled);
    }

    @EventHandler
    void on(DeliveryAttemptStartedEvent event, @Timestamp Instant at) {
        update(event.notificationId(), status -> status.channel(
                event.channel(), channel -> channel.attemptStarted(event.attempt(), StoredTime.of(at))));
    }

    @EventHandler
    void on(DeliveryAttemptFailedEvent event, @Timestamp Instant at) {
        boolean retrying = event.nextAttemptAt() != null;
        update(event.notificationId(), status -> status.channel(
                event.channel(),
                channel -> channel.attemptFailed(event.attempt(), event.error(), retrying, StoredTime.of(at))));
    }

    @EventHandler
    void on(DeliverySucceededEvent event, @Timestamp Instant at) {
        update(event.notificationId(), status -> status.channel(
                event.channel(), channel -> channel.succeeded(event.attempt(), StoredTime.of(at))));
    }

    @EventHandler
    void on(DeliveryFailedEvent event, @Timestamp Instant at) {
        update(event.notificationId(), status -> status.channel(
                event.channel(), channel -> channel.failed(event.attempts(), event.lastError(), StoredTime.of(at))));
    }

    @EventHandler
    void on(DeliverySkippedEvent event) {
        update(event.notificationId(), status -> status.skipped(event.channel(), event.reason()));
    }

    @EventHandler
    void on(DeliveryCancelledEvent event) {
        update(event.notificationId(), status -> status.channel(
                event.channel(), channel -> channel.ended(DeliveryStatus.CANCELLED)));
    }

    /** A reset starts a new version of the read model; the current one keeps answering until it is complete. */
    @ResetHandler
    void reset() {
        versions.beginBuild(DEFINITION);
    }

    /** Empty when no such notification is known; the caller decides whether the asker may see it. */
    @QueryHandler
    Optional<NotificationStatus> handle(FindNotificationStatusQuery query) {
        String collection = ProjectionVersions.collection(COLLECTION, versions.servingVersion(PROCESSING_GROUP));
        return Optional.ofNullable(find(query.notificationId(), collection)).map(NotificationStatusDocument::toStatus);
    }

    /** Delivery events of a notification this projection never saw (none in a consistent store) are ignored. */
    private void update(String notificationId, UnaryOperator<NotificationStatusDocument> change) {
        String collection = writing();
        NotificationStatusDocument current = find(notificationId, collection);
        if (current == null) {
            return;
        }
        NotificationStatusDocument changed = change.apply(current);
        if (!changed.equals(current)) {
            mongo.save(changed, collection);
        }
    }

    private String writing() {
        return ProjectionVersions.collection(COLLECTION, versions.writeVersion(PROCESSING_GROUP));
    }

    private NotificationStatusDocument find(String notificationId, String collection) {
        return mongo.findById(notificationId, NotificationStatusDocument.class, collection);
    }
}

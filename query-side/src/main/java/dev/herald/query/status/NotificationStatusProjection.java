package dev.herald.query.status;

import dev.herald.api.Channel;
import dev.herald.api.inbox.FindNotificationStatusQuery;
import dev.herald.api.inbox.NotificationStatus;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliveryCancelledEvent;
import dev.herald.api.notification.DeliveryFailedEvent;
import dev.herald.api.notification.DeliveryHeldEvent;
import dev.herald.api.notification.DeliverySkippedEvent;
import dev.herald.api.notification.ChannelState;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationScoped;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.query.StoredTime;
import dev.herald.query.projection.EventBatches;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * A status per notification (see {@link NotificationStatusDocument}): where it stands and every attempt on every
 * channel, kept by a {@link NotificationStatusStore}. A batch of events reads the statuses of its notifications at
 * once, changes them in memory and hands those that changed to the store as the batch ends (see
 * {@link EventBatches}); every change is a "set" (attempts are keyed by number, final statuses never move), so an
 * event applied twice, or a batch applied again after a failed write, leaves the statuses as they were. All events
 * come from one notification aggregate, so the default per-aggregate sequencing keeps them in order and one segment
 * owns each status. The read model is versioned, so that a replay builds a new one while queries read the old one
 * (see {@link ProjectionVersions}).
 */
@Component
@ProcessingGroup(NotificationStatusProjection.PROCESSING_GROUP)
public class NotificationStatusProjection {

    public static final String PROCESSING_GROUP = "notification-status";
    public static final String COLLECTION = "notification_status";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(COLLECTION));
    private static final Set<Class<?>> HANDLED_EVENTS = Set.of(
            NotificationSentEvent.class, NotificationReleasedEvent.class, NotificationCancelledEvent.class,
            DeliveryAttemptStartedEvent.class, DeliveryAttemptFailedEvent.class, DeliverySucceededEvent.class,
            DeliveryFailedEvent.class, DeliverySkippedEvent.class, DeliveryCancelledEvent.class,
            DeliveryHeldEvent.class);
    private static final String BATCH_RESOURCE = NotificationStatusProjection.class.getName() + ".batch";

    private final NotificationStatusStore store;
    private final ProjectionVersions versions;

    public NotificationStatusProjection(NotificationStatusStore store, ProjectionVersions versions) {
        this.store = store;
        this.versions = versions;
    }

    @EventHandler
    void on(NotificationSentEvent event, @Timestamp Instant at) {
        write(documents -> {
            if (documents.find(event.notificationId()) == null) {
                documents.save(NotificationStatusDocument.sent(event, StoredTime.of(at)));
            }
        });
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
    void on(DeliveryHeldEvent event) {
        Instant until = StoredTime.of(event.until());
        update(event.notificationId(), status -> {
            NotificationStatusDocument changed = status;
            for (Channel channel : event.channels()) {
                changed = changed.channel(channel, record -> record.held(until));
            }
            return changed;
        });
    }

    @EventHandler
    void on(DeliveryAttemptStartedEvent event, @Timestamp Instant at) {
        update(event.notificationId(), status -> status.channel(
                event.channel(),
                channel -> channel.attemptStarted(event.attempt(), event.provider(), StoredTime.of(at))));
    }

    @EventHandler
    void on(DeliveryAttemptFailedEvent event, @Timestamp Instant at) {
        boolean retrying = event.nextAttemptAt() != null;
        update(event.notificationId(), status -> status.channel(
                event.channel(),
                channel -> channel.attemptFailed(event.attempt(), event.error(), retrying, event.provider(),
                                                 StoredTime.of(at))));
    }

    @EventHandler
    void on(DeliverySucceededEvent event, @Timestamp Instant at) {
        update(event.notificationId(), status -> status.channel(
                event.channel(),
                channel -> channel.succeeded(event.attempt(), event.provider(), StoredTime.of(at))));
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
                event.channel(), channel -> channel.ended(ChannelState.CANCELLED)));
    }

    /** A reset starts a new version of the read model; the current one keeps answering until it is complete. */
    @ResetHandler
    void reset() {
        versions.beginBuild(DEFINITION);
    }

    /** Empty when no such notification is known; the caller decides whether the asker may see it. */
    @QueryHandler
    Optional<NotificationStatus> handle(FindNotificationStatusQuery query) {
        int version = versions.servingVersion(PROCESSING_GROUP);
        return Optional.ofNullable(store.find(version, List.of(query.notificationId())).get(query.notificationId()))
                .map(NotificationStatusDocument::toStatus);
    }

    /** Delivery events of a notification this projection never saw (none in a consistent store) are ignored. */
    private void update(String notificationId, UnaryOperator<NotificationStatusDocument> change) {
        write(documents -> {
            NotificationStatusDocument current = documents.find(notificationId);
            NotificationStatusDocument changed = current == null ? null : change.apply(current);
            if (changed != null && !changed.equals(current)) {
                documents.save(changed);
            }
        });
    }

    /**
     * Applies an event to the statuses of the batch being handled, which were all read at once, else to those of
     * this event alone and writes them at once.
     */
    private void write(Consumer<StatusBatch> change) {
        StatusBatch batch = EventBatches.current(BATCH_RESOURCE, HANDLED_EVENTS, payloads -> {
            StatusBatch documents = new StatusBatch(store, versions.writeVersion(PROCESSING_GROUP));
            documents.prefetch(payloads.stream().map(NotificationScoped::idOf).toList());
            return documents;
        }, StatusBatch::flush);
        if (batch != null) {
            change.accept(batch);
            return;
        }
        StatusBatch single = new StatusBatch(store, versions.writeVersion(PROCESSING_GROUP));
        change.accept(single);
        single.flush();
    }
}

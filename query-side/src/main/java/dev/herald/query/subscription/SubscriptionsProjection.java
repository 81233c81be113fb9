package dev.herald.query.subscription;

import dev.herald.api.inbox.FindSubscriptionsQuery;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersions;
import java.util.List;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Each recipient's opt-outs, kept by a {@link SubscriptionsStore}, so that a recipient can see and
 * edit them. The events say exactly what changed and are applied as set operations, so applying one twice changes
 * nothing; they come from the recipient's aggregate, whose per-aggregate sequencing keeps them in order. The
 * command side decides opt-outs at send time from the aggregate itself, never from this read model.
 */
@Component
@ProcessingGroup(SubscriptionsProjection.PROCESSING_GROUP)
public class SubscriptionsProjection {

    public static final String PROCESSING_GROUP = "subscriptions";
    public static final String COLLECTION = "recipient_subscriptions";
    public static final ProjectionDefinition DEFINITION =
            new ProjectionDefinition(PROCESSING_GROUP, List.of(COLLECTION));

    private final SubscriptionsStore store;
    private final ProjectionVersions versions;

    public SubscriptionsProjection(SubscriptionsStore store, ProjectionVersions versions) {
        this.store = store;
        this.versions = versions;
    }

    @EventHandler
    void on(SubscriptionCancelledEvent event) {
        update(event.recipientId(), optOuts -> optOuts.cancelled(event.category(), event.channels()));
    }

    @EventHandler
    void on(SubscriptionRenewedEvent event) {
        update(event.recipientId(), optOuts -> optOuts.renewed(event.category(), event.channels()));
    }

    @ResetHandler
    void reset() {
        versions.beginBuild(DEFINITION);
    }

    @QueryHandler
    RecipientSubscriptions handle(FindSubscriptionsQuery query) {
        OptOuts optOuts = store.find(versions.servingVersion(PROCESSING_GROUP), query.recipientId());
        return new RecipientSubscriptions(query.recipientId(), optOuts.toList());
    }

    private void update(String recipientId, UnaryOperator<OptOuts> change) {
        int version = versions.writeVersion(PROCESSING_GROUP);
        OptOuts before = store.find(version, recipientId);
        OptOuts after = change.apply(before);
        if (!after.equals(before)) {
            store.save(version, recipientId, after);
        }
    }
}

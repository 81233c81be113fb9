package dev.herald.query.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.inbox.FindSubscriptionsQuery;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.storage.ReadModelContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the subscriptions projection does, whichever storage adapter keeps it: every adapter's test extends this
 * class.
 */
abstract class SubscriptionsProjectionContract extends ReadModelContract {

    private static final String COLLECTION = SubscriptionsProjection.COLLECTION;

    private ProjectionVersions versions;
    private SubscriptionsProjection projection;

    @BeforeEach
    void emptyDatabase() {
        versions = storage.versions();
        projection = new SubscriptionsProjection(storage.subscriptionsStore(), versions);
    }

    @Test
    void cancellationsAndRenewalsLeaveTheRecipientsOptOutsSortedByCategory() {
        apply(new SubscriptionCancelledEvent("r1", "security", Set.of(Channel.SMS)));
        apply(new SubscriptionCancelledEvent("r1", "billing.eu", Set.of(Channel.EMAIL, Channel.PUSH)));
        apply(new SubscriptionCancelledEvent("r1", "*", Set.of(Channel.WEBHOOK)));
        apply(new SubscriptionRenewedEvent("r1", "billing.eu", Set.of(Channel.PUSH)));
        apply(new SubscriptionCancelledEvent("r2", "billing", Set.of(Channel.SMS)));

        assertThat(subscriptions("r1")).isEqualTo(new RecipientSubscriptions("r1", List.of(
                new OptOut("*", List.of(Channel.WEBHOOK)),
                new OptOut("billing.eu", List.of(Channel.EMAIL)),
                new OptOut("security", List.of(Channel.SMS)))));
        assertThat(subscriptions("nobody")).isEqualTo(new RecipientSubscriptions("nobody", List.of()));
    }

    @Test
    void renewingEveryCategoryClearsTheChannelInEachAndAnEmptyRecipientLeavesNoRow() {
        apply(new SubscriptionCancelledEvent("r1", "billing", Set.of(Channel.SMS, Channel.EMAIL)));
        apply(new SubscriptionCancelledEvent("r1", "news", Set.of(Channel.SMS)));
        apply(new SubscriptionRenewedEvent("r1", "*", Set.of(Channel.SMS)));
        assertThat(subscriptions("r1").optOuts()).containsExactly(new OptOut("billing", List.of(Channel.EMAIL)));

        apply(new SubscriptionRenewedEvent("r1", "*", Set.of(Channel.EMAIL)));

        assertThat(subscriptions("r1").optOuts()).isEmpty();
        assertThat(storage.count(COLLECTION)).isZero();
    }

    @Test
    void everyEventAppliedTwiceChangesNothing() {
        List<Object> events = List.of(
                new SubscriptionCancelledEvent("r1", "billing", Set.of(Channel.SMS, Channel.EMAIL)),
                new SubscriptionCancelledEvent("r1", "*", Set.of(Channel.PUSH)),
                new SubscriptionRenewedEvent("r1", "billing", Set.of(Channel.EMAIL)),
                new SubscriptionRenewedEvent("r1", "*", Set.of(Channel.PUSH, Channel.SMS)),
                new SubscriptionRenewedEvent("r2", "unknown", Set.of(Channel.SMS)),
                new SubscriptionCancelledEvent("r2", "news", Set.of(Channel.IN_APP)));
        for (Object event : events) {
            apply(event);
            Map<String, List<String>> once = storage.dump(List.of(COLLECTION));

            apply(event);

            assertThat(storage.dump(List.of(COLLECTION))).as("twice: " + event).isEqualTo(once);
        }
        assertThat(subscriptions("r2").optOuts()).containsExactly(new OptOut("news", List.of(Channel.IN_APP)));
    }

    @Test
    void aResetBuildsANewVersionThatEqualsTheOldOne() {
        List<Object> events = List.of(
                new SubscriptionCancelledEvent("r1", "billing", Set.of(Channel.SMS, Channel.EMAIL)),
                new SubscriptionCancelledEvent("r3", "*", Set.of(Channel.PUSH)));
        events.forEach(this::apply);
        Map<String, List<String>> first = storage.dump(List.of(COLLECTION));

        new AnnotationEventHandlerAdapter(projection).prepareReset(null);
        assertThat(subscriptions("r1").optOuts()).as("the old version answers").hasSize(1);
        events.forEach(this::apply);
        versions.switchOver(SubscriptionsProjection.PROCESSING_GROUP);

        String rebuilt = ProjectionVersions.collection(COLLECTION, 2);
        assertThat(storage.dump(List.of(rebuilt)).get(rebuilt)).isEqualTo(first.get(COLLECTION));
        assertThat(subscriptions("r3").optOuts()).containsExactly(new OptOut("*", List.of(Channel.PUSH)));
    }

    private RecipientSubscriptions subscriptions(String recipientId) {
        return projection.handle(new FindSubscriptionsQuery(recipientId));
    }

    private void apply(Object event) {
        try {
            new AnnotationEventHandlerAdapter(projection).handle(GenericEventMessage.asEventMessage(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

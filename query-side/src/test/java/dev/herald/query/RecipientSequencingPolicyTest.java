package dev.herald.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.recipient.SubscriptionCancelledEvent;
import java.util.Set;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class RecipientSequencingPolicyTest {

    private final RecipientSequencingPolicy policy = new RecipientSequencingPolicy();

    @Test
    void aRecipientsEventsShareOneSequenceWhateverTheirAggregate() {
        Object fromNotification = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>(
                "Notification", "n1", 0, TestEvents.read("n1", "r1")));
        Object fromOtherNotification = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>(
                "Notification", "n2", 3, TestEvents.sent("n2", "r1")));
        Object fromRecipient = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>(
                "Recipient", "r1", 7, new SubscriptionCancelledEvent("r1", "billing", Set.of())));

        assertThat(fromNotification).isEqualTo("r1").isEqualTo(fromOtherNotification).isEqualTo(fromRecipient);
    }

    @Test
    void otherEventsFallBackToTheirAggregate() {
        assertThat(policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Other", "a1", 0, "payload")))
                .isEqualTo("a1");
        assertThat(policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>(
                "Notification", "n1", 0, TestEvents.read("n1", null)))).isEqualTo("n1");
        assertThat(policy.getSequenceIdentifierFor(GenericEventMessage.asEventMessage("payload"))).isNull();
    }
}

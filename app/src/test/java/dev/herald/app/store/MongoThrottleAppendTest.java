package dev.herald.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.herald.api.AggregateIds;
import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.throttle.ThrottlePassedEvent;
import dev.herald.app.cluster.MongoWireServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the throttle's correctness on the {@code mongo} profile rests on (see {@code EventSourcedThrottleGate}): a
 * send's unit of work appends the throttle's pass first and the send second, in one ordered insert. When another
 * node already took that place, the pass's sequence number is taken, the insert stops there and nothing of the send
 * is stored; the sender is told to retry.
 */
class MongoThrottleAppendTest {

    private static final String THROTTLE = AggregateIds.throttle("tara", "marketing");

    private final MongoWireServer server = MongoWireServer.start();
    private final MongoClient client = MongoClients.create(server.uri());
    private final MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
            .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "herald").build())
            .eventSerializer(JacksonSerializer.defaultSerializer())
            .snapshotSerializer(JacksonSerializer.defaultSerializer())
            .build();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aPassWhosePlaceAnotherNodeTookStoresNothingOfItsSend() {
        engine.ensureIndexes();
        engine.appendEvents(List.of(pass(0, "n1"), sent("n1")));

        // Two nodes loaded the throttle at sequence 0; the first appends its pass at 1, the second cannot.
        engine.appendEvents(List.of(pass(1, "n2"), sent("n2")));
        assertThatThrownBy(() -> engine.appendEvents(List.of(pass(1, "n3"), sent("n3"))))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(engine.readEvents("n3").asStream().count()).as("the refused send's own event").isZero();
        assertThat(engine.readEvents("n2").asStream().count()).isEqualTo(1);
        assertThat(engine.readEvents(THROTTLE).asStream()
                           .map(event -> ((ThrottlePassedEvent) event.getPayload()).notificationId()))
                .containsExactly("n1", "n2");
    }

    private static DomainEventMessage<ThrottlePassedEvent> pass(long sequence, String notificationId) {
        return new GenericDomainEventMessage<>("Throttle", THROTTLE, sequence,
                                               new ThrottlePassedEvent("tara", "marketing", notificationId, 2,
                                                                       Duration.ofHours(1)));
    }

    private static DomainEventMessage<NotificationSentEvent> sent(String notificationId) {
        return new GenericDomainEventMessage<>("Notification", notificationId, 0, new NotificationSentEvent(
                notificationId, "sender", "tara", "marketing", Priority.NORMAL, Set.of(Channel.IN_APP), Map.of(),
                "Sale", "", Map.of(), null, ContactPoints.none(), "fingerprint"));
    }
}

package dev.herald.app.cluster;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.nin;

import com.mongodb.client.MongoCollection;
import dev.herald.query.replay.StreamPositions;
import java.time.Duration;
import java.util.OptionalLong;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

/**
 * Positions on the {@code mongo} profile. axon-mongo's tokens hold a timestamp and the ids of the events just before
 * it, not a place in a sequence, so a token's position is counted: every event minus those the tracking query would
 * still deliver after it (at or after the timestamp less the look-back window, and not among the token's ids). The
 * number of events comes from the collection's metadata; on a real MongoDB the count of those ahead uses the event
 * collection's timestamp index, so it costs in proportion to the lag, not to the store.
 */
final class MongoStreamPositions implements StreamPositions {

    /** axon-mongo's default look-back window, which the {@code mongo} profile's storage engine keeps. */
    private static final Duration LOOK_BACK = Duration.ofSeconds(1);

    private final MongoTemplate template;
    private final EventEntryConfiguration fields = EventEntryConfiguration.getDefault();

    MongoStreamPositions(MongoTemplate template) {
        this.template = template;
    }

    @Override
    public OptionalLong position(TrackingToken token) {
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current == null) {
            return OptionalLong.of(0);
        }
        if (!(current instanceof MongoTrackingToken mongoToken)) {
            return current.position();
        }
        MongoCollection<Document> events = template.eventCollection();
        long ahead = events.countDocuments(and(
                gte(fields.timestampProperty(),
                    DateTimeUtils.formatInstant(mongoToken.getTimestamp().minus(LOOK_BACK))),
                nin(fields.eventIdentifierProperty(), mongoToken.getKnownEventIds())));
        return OptionalLong.of(Math.max(0, events.estimatedDocumentCount() - ahead));
    }

    @Override
    public OptionalLong head() {
        long total = template.eventCollection().estimatedDocumentCount();
        return total == 0 ? OptionalLong.empty() : OptionalLong.of(total);
    }
}

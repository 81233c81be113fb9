package dev.herald.query.replay;

import java.util.OptionalLong;
import java.util.function.Supplier;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * Where a tracking token stands in the event stream, counted in events, so that "events behind" means the same on
 * every store. Tokens that carry a global sequence (JDBC, Axon Server) know their position themselves; a store
 * whose tokens carry none (axon-mongo's timestamp tokens) counts.
 */
public interface StreamPositions {

    /** How many events of the stream the token has passed; empty when unknown. */
    OptionalLong position(TrackingToken token);

    /** The position of the newest event; empty when the store is empty or cannot tell. */
    OptionalLong head();

    /** Positions as the tokens of the given source report them ({@link TrackingToken#position()}). */
    static StreamPositions ofTokens(Supplier<? extends StreamableMessageSource<TrackedEventMessage<?>>> source) {
        return new StreamPositions() {
            @Override
            public OptionalLong position(TrackingToken token) {
                return token == null ? OptionalLong.empty() : token.position();
            }

            @Override
            public OptionalLong head() {
                return position(source.get().createHeadToken());
            }
        };
    }
}

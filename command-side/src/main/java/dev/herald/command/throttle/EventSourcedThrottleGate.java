package dev.herald.command.throttle;

import dev.herald.api.throttle.PassThrottleCommand;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Loads (or creates) the Throttle aggregate in the caller's unit of work, so that its pass event and the send's
 * event are appended together. On the default profile Axon's JDBC store appends them in one transaction. On the
 * {@code mongo} profile the events of a unit of work go to MongoDB as one ordered {@code insertMany}: the pass comes
 * first, so when another node took the same place the unique (aggregate, sequence) index refuses the pass and
 * nothing of the send is stored (the sender gets a 409 and retries); a crash between the two documents leaves a pass
 * without its send, which only ever lets fewer through, never more.
 */
@Component
class EventSourcedThrottleGate implements ThrottleGate {

    private final Repository<Throttle> throttles;

    EventSourcedThrottleGate(Repository<Throttle> throttles) {
        this.throttles = throttles;
    }

    @Override
    public boolean pass(PassThrottleCommand command) {
        try {
            return throttles.loadOrCreate(command.throttleId(), Throttle::new)
                            .invoke(throttle -> throttle.pass(command));
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("throttle " + command.throttleId() + " could not be loaded", e);
        }
    }
}

package dev.herald.command.throttle;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.AggregateIds;
import dev.herald.api.throttle.PassThrottleCommand;
import dev.herald.api.throttle.ThrottlePassedEvent;
import dev.herald.api.throttle.ThrottleRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One recipient's throttle of one key: the sends that passed it lately. The window slides: a send passes when fewer
 * than {@code limit} sends passed in the {@code window} before it, so no span of that length, wherever it starts,
 * holds more than {@code limit} passes (a fixed window would let twice the limit through around its boundary).
 *
 * <p>Every pass is an event of this aggregate, appended in the same unit of work as the send that passed, so that
 * two sends cannot both take the last place: on one node the repository's lock makes the second wait for the first
 * to commit; between nodes both append the same sequence number and the event store refuses the second. Passes
 * older than the longest window seen are forgotten, which bounds the state by the largest limit; snapshots bound
 * the replay.
 */
@Aggregate(snapshotTriggerDefinition = "heraldSnapshotTrigger")
class Throttle {

    @AggregateIdentifier
    private String throttleId;
    private Duration longestWindow = Duration.ZERO;
    private List<Pass> passes = new ArrayList<>();

    Throttle() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(PassThrottleCommand command) {
        return pass(command);
    }

    /** Whether the send passes, recording it when it does; a send that already passed passes again unrecorded. */
    boolean pass(PassThrottleCommand command) {
        if (passes.stream().anyMatch(pass -> pass.notificationId().equals(command.notificationId()))) {
            return true;
        }
        ThrottleRule rule = command.rule();
        Instant now = GenericEventMessage.clock.instant();
        Instant windowStart = now.minus(rule.window());
        long inWindow = passes.stream().filter(pass -> pass.at().isAfter(windowStart)).count();
        if (inWindow >= rule.limit()) {
            return false;
        }
        apply(new ThrottlePassedEvent(command.recipientId(), rule.key(), command.notificationId(), rule.limit(),
                                      rule.window()));
        return true;
    }

    @EventSourcingHandler
    void on(ThrottlePassedEvent event, @Timestamp Instant at) {
        throttleId = AggregateIds.throttle(event.recipientId(), event.key());
        if (event.window().compareTo(longestWindow) > 0) {
            longestWindow = event.window();
        }
        Instant forgetBefore = at.minus(longestWindow);
        passes.removeIf(pass -> !pass.at().isAfter(forgetBefore));
        passes.add(new Pass(event.notificationId(), at));
    }

    /** A send that passed, and when (a record: the snapshot serializer reads records as it reads events). */
    record Pass(String notificationId, Instant at) {
    }
}

package dev.herald.command.broadcast;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots for the aggregates whose streams grow long by design: a topic gains an event per thousand subscribers
 * and a broadcast one per fan-out batch. Without them each command would replay the whole stream, which makes a
 * broadcast to two million recipients quadratic.
 */
@Configuration(proxyBeanMethods = false)
public class SnapshotTriggers {

    public static final int EVENTS_PER_SNAPSHOT = 50;

    @Bean
    SnapshotTriggerDefinition heraldSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_PER_SNAPSHOT);
    }
}

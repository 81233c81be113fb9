package dev.herald.querystack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.replay.ProjectionReplays;
import dev.herald.query.replay.ReplayNotPossibleException;
import dev.herald.query.replay.SegmentPlacement;
import dev.herald.query.replay.StreamPositions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A replay on a cluster first brings the processor's segments to the asking node, and says what to do if it cannot. */
class ReplayPlacementTest {

    private QueryStack stack;

    @BeforeEach
    void start() {
        stack = new QueryStack("replay-placement-test");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aReplayWhoseSegmentsStayElsewhereIsRefusedWithWhatToDoAndChangesNothing() {
        ElsewherePlacement placement = new ElsewherePlacement();
        ProjectionReplays replays = replays(placement);

        assertThatThrownBy(() -> replays.replay(InboxProjection.PROCESSING_GROUP))
                .isInstanceOf(ReplayNotPossibleException.class)
                .hasMessageContaining("other nodes keep segments of the inbox processor")
                .hasMessageContaining("/api/v1/admin/processors");

        assertThat(placement.calls).containsExactly("gather inbox", "release inbox");
        assertThat(stack.versions().find(InboxProjection.PROCESSING_GROUP).isBuilding()).isFalse();
        assertThat(stack.bean(EventProcessingConfiguration.class)
                .eventProcessor(InboxProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow().isRunning()).isTrue();
    }

    private ProjectionReplays replays(SegmentPlacement placement) {
        EventStore events = stack.bean(EventStore.class);
        return new ProjectionReplays(List.of(InboxProjection.DEFINITION), stack.bean(ProjectionVersions.class),
                                     () -> stack.bean(EventProcessingConfiguration.class), () -> events,
                                     StreamPositions.ofTokens(() -> events), placement,
                                     Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC());
    }

    /** Another node that does not hand its segments over (an older version, or one cut off from the database). */
    private static final class ElsewherePlacement implements SegmentPlacement {

        final List<String> calls = new ArrayList<>();

        @Override
        public boolean gather(String processor, Duration timeout) {
            calls.add("gather " + processor);
            return false;
        }

        @Override
        public void release(String processor) {
            calls.add("release " + processor);
        }
    }
}

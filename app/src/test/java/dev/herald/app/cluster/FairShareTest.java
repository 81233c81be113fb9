package dev.herald.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.app.cluster.FairShare.Load;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void evenSegmentsSplitEvenly() {
        List<Load> nodes = List.of(new Load("a", 4, false), new Load("b", 0, false));

        assertThat(FairShare.target("a", 4, nodes, false)).isEqualTo(2);
        assertThat(FairShare.target("b", 4, nodes, false)).isEqualTo(2);
    }

    @Test
    void theExtraSegmentStaysWithTheNodesThatHoldTheMost() {
        List<Load> nodes = List.of(new Load("a", 1, false), new Load("b", 2, false), new Load("c", 1, false));

        assertThat(FairShare.target("a", 4, nodes, false)).isEqualTo(1);
        assertThat(FairShare.target("b", 4, nodes, false)).isEqualTo(2);
        assertThat(FairShare.target("c", 4, nodes, false)).isEqualTo(1);
    }

    @Test
    void sharesAlwaysAddUpToTheSegments() {
        List<Load> nodes = List.of(new Load("a", 0, false), new Load("b", 0, false), new Load("c", 0, false));
        for (int segments = 0; segments <= 9; segments++) {
            int total = 0;
            for (Load node : nodes) {
                total += FairShare.target(node.node(), segments, nodes, false);
            }
            assertThat(total).as("%d segments", segments).isEqualTo(segments);
        }
    }

    @Test
    void aSingleSegmentStaysWhereItIs() {
        List<Load> nodes = List.of(new Load("a", 0, false), new Load("b", 1, false));

        assertThat(FairShare.target("a", 1, nodes, false)).isZero();
        assertThat(FairShare.target("b", 1, nodes, false)).isEqualTo(1);
    }

    @Test
    void aPinnedProcessorGoesWhollyToTheNodeThatPinnedIt() {
        List<Load> nodes = List.of(new Load("a", 2, false), new Load("b", 2, true));

        assertThat(FairShare.target("a", 4, nodes, false)).isZero();
        assertThat(FairShare.target("b", 4, nodes, false)).isEqualTo(4);
    }

    @Test
    void aProcessorKeptTogetherStaysWithTheNodeThatHoldsTheMost() {
        List<Load> nodes = List.of(new Load("a", 1, false), new Load("b", 3, false));

        assertThat(FairShare.target("a", 4, nodes, true)).isZero();
        assertThat(FairShare.target("b", 4, nodes, true)).isEqualTo(4);
    }
}

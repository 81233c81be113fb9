package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.bench.Scaling.Split;
import dev.herald.bench.SharedMongo.SegmentClaim;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingTest {

    @Test
    void segmentsAreMappedToTheNodesByTheProcessIdOfTheirOwner() {
        List<SegmentClaim> claims = List.of(new SegmentClaim("inbox", 0, "4711@bench-host"),
                                            new SegmentClaim("inbox", 1, "4712@bench-host"),
                                            new SegmentClaim("inbox", 2, "47110@bench-host"),
                                            new SegmentClaim("inbox", 3, null),
                                            new SegmentClaim("status", 0, "4711@bench-host"));

        assertThat(Scaling.splits(claims, 4711, 4712)).containsExactly(new Split("inbox", 4, 1, 1, 1, 1),
                                                                          new Split("status", 1, 1, 0, 0, 0));
    }

    @Test
    void theSplitReadsByProcessorAndNamesWhatNeitherNodeHeld() {
        assertThat(Scaling.describe(List.of(new Split("inbox", 4, 4, 0, 0, 0), new Split("status", 2, 1, 1, 0, 0))))
                .isEqualTo("inbox 4/0, status 1/1 (node 1/node 2)");
        assertThat(Scaling.describe(List.of(new Split("inbox", 4, 1, 1, 1, 1))))
                .isEqualTo("inbox 1/1 (node 1/node 2); 1 unclaimed; 1 held by neither node");
        assertThat(Scaling.describe(List.of())).isEqualTo("no segments in the token store");
    }
}

package dev.herald.query.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.inbox.OptOut;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptOutsTest {

    @Test
    void renewingEveryCategoryClearsTheChannelEverywhere() {
        OptOuts optOuts = OptOuts.none()
                .cancelled("billing", Set.of(Channel.EMAIL, Channel.SMS))
                .cancelled("*", Set.of(Channel.EMAIL));

        assertThat(optOuts.renewed("*", Set.of(Channel.EMAIL)).toList())
                .containsExactly(new OptOut("billing", List.of(Channel.SMS)));
    }

    @Test
    void renewingOneCategoryLeavesEveryCategoryAlone() {
        OptOuts optOuts = OptOuts.none()
                .cancelled("billing", Set.of(Channel.EMAIL))
                .cancelled("*", Set.of(Channel.EMAIL));

        assertThat(optOuts.renewed("billing", Set.of(Channel.EMAIL)).toList())
                .containsExactly(new OptOut("*", List.of(Channel.EMAIL)));
    }

    @Test
    void anEmptyChannelListMeansEveryChannel() {
        assertThat(OptOuts.of(List.of(new OptOut("billing", List.of()))).toList())
                .containsExactly(new OptOut("billing", List.of(Channel.values())));
    }
}

package dev.herald.saga.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubscriberMergeTest {

    /** Topics as sorted sets, read the way the read model answers: ascending, after a cursor, a page at a time. */
    private static final class Topics implements SubscriberPages {

        private final Map<String, TreeSet<String>> topics;
        private final List<Integer> pageSizesServed = new ArrayList<>();

        Topics(Map<String, List<String>> topics) {
            this.topics = new java.util.HashMap<>();
            topics.forEach((topic, ids) -> this.topics.put(topic, new TreeSet<>(ids)));
        }

        @Override
        public List<String> page(String topic, String after, int limit) {
            TreeSet<String> ids = topics.getOrDefault(topic, new TreeSet<>());
            List<String> page = (after == null ? ids : ids.tailSet(after, false)).stream().limit(limit).toList();
            pageSizesServed.add(page.size());
            return page;
        }
    }

    @Test
    void aRecipientInSeveralTopicsComesOnceInRecipientIdOrder() {
        Topics topics = new Topics(Map.of("a", List.of("ann", "bob", "eve"), "b", List.of("bob", "carl", "eve"),
                                          "c", List.of("dan", "eve", "zed")));
        SubscriberMerge merge = new SubscriberMerge(List.of("a", "b", "c", "empty"), null, 2, topics);

        List<String> all = new ArrayList<>();
        for (List<String> batch = merge.next(3); !batch.isEmpty(); batch = merge.next(3)) {
            assertThat(batch).hasSizeLessThanOrEqualTo(3);
            all.addAll(batch);
        }

        assertThat(all).containsExactly("ann", "bob", "carl", "dan", "eve", "zed");
    }

    @Test
    void itResumesAfterACursorWithoutRepeatingAnyoneUpToIt() {
        Topics topics = new Topics(Map.of("a", List.of("ann", "bob", "eve"), "b", List.of("bob", "carl", "eve")));

        SubscriberMerge merge = new SubscriberMerge(List.of("a", "b"), "bob", 10, topics);

        assertThat(merge.next(10)).containsExactly("carl", "eve");
        assertThat(merge.next(10)).isEmpty();
    }

    @Test
    void itHoldsAPagePerTopicWhateverTheTopicsSizes() {
        List<String> evens = IntStream.range(0, 5_000).mapToObj(i -> String.format("r%05d", i * 2)).toList();
        List<String> threes = IntStream.range(0, 3_000).mapToObj(i -> String.format("r%05d", i * 3)).toList();
        Topics topics = new Topics(Map.of("evens", evens, "threes", threes));
        SubscriberMerge merge = new SubscriberMerge(List.of("evens", "threes"), null, 100, topics);

        List<String> all = new ArrayList<>();
        for (List<String> batch = merge.next(250); !batch.isEmpty(); batch = merge.next(250)) {
            all.addAll(batch);
        }

        TreeSet<String> expected = new TreeSet<>(evens);
        expected.addAll(threes);
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(topics.pageSizesServed).allMatch(size -> size <= 100);
    }
}

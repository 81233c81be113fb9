package dev.herald.command.topic;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.topic.AddTopicSubscribersCommand;
import dev.herald.api.topic.RemoveTopicSubscribersCommand;
import dev.herald.api.topic.TopicSubscribersAddedEvent;
import dev.herald.api.topic.TopicSubscribersRemovedEvent;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicTest {

    private static final String TOPIC = "release-notes";

    private AggregateTestFixture<Topic> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Topic.class);
    }

    @Test
    void theFirstSubscribersCreateTheTopic() {
        fixture.givenNoPriorActivity()
               .when(new AddTopicSubscribersCommand(TOPIC, List.of("grace", "ada")))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new TopicSubscribersAddedEvent(TOPIC, List.of("ada", "grace")));
    }

    @Test
    void subscribersAreNamedOnceEachAndInOrder() {
        fixture.given(new TopicSubscribersAddedEvent(TOPIC, List.of("ada")))
               .when(new AddTopicSubscribersCommand(TOPIC, List.of("linus", "ada", "linus")))
               .expectEvents(new TopicSubscribersAddedEvent(TOPIC, List.of("ada", "linus")));
    }

    @Test
    void removingNamesTheRecipientsWhetherOrNotTheyWereSubscribed() {
        fixture.given(new TopicSubscribersAddedEvent(TOPIC, List.of("ada", "grace")))
               .when(new RemoveTopicSubscribersCommand(TOPIC, List.of("grace", "nobody")))
               .expectEvents(new TopicSubscribersRemovedEvent(TOPIC, List.of("grace", "nobody")));
    }

    @Test
    void removingFromATopicThatNeverHadSubscribersRecordsNothing() {
        fixture.givenNoPriorActivity()
               .when(new RemoveTopicSubscribersCommand(TOPIC, List.of("ada")))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aCallNamesOneToAThousandRecipients() {
        List<String> thousand = IntStream.range(0, 1_000).mapToObj(i -> "r" + i).toList();
        fixture.givenNoPriorActivity()
               .when(new AddTopicSubscribersCommand(TOPIC, thousand))
               .expectEvents(new TopicSubscribersAddedEvent(TOPIC, thousand.stream().sorted().toList()));

        List<String> tooMany = IntStream.range(0, 1_001).mapToObj(i -> "r" + i).toList();
        assertThatThrownBy(() -> new AddTopicSubscribersCommand(TOPIC, tooMany))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000");
        assertThatThrownBy(() -> new RemoveTopicSubscribersCommand(TOPIC, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

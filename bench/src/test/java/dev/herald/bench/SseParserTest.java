package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    @Test
    void eventsSplitAnywhereAcrossChunksComeOutWhole() {
        byte[] stream = ("event: connected\ndata: {}\n\n: keep-alive\n\nevent: notification\nid: 7\n"
                + "data: {\"title\":\"caf\u00e9 1\"}\n\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < stream.length; cut++) {
            SseParser parser = new SseParser();
            List<SseParser.Event> events = new ArrayList<>(parser.feed(Arrays.copyOfRange(stream, 0, cut)));
            events.addAll(parser.feed(Arrays.copyOfRange(stream, cut, stream.length)));
            assertThat(events).as("cut at %d", cut).containsExactly(
                    new SseParser.Event("connected", "{}", null),
                    new SseParser.Event("notification", "{\"title\":\"caf\u00e9 1\"}", "7"));
        }
    }

    @Test
    void dataLinesJoinAndCarriageReturnsAreDropped() {
        List<SseParser.Event> events = new SseParser()
                .feed("data: a\r\ndata:b\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(new SseParser.Event("message", "a\nb", null));
    }

    @Test
    void sequenceNumbersAreReadFromOurTitlesOnly() {
        assertThat(SendToScreen.sequenceOf("{\"id\":\"x\",\"title\":\"latency 42\"}")).isEqualTo(42);
        assertThat(SendToScreen.sequenceOf("{\"id\":\"x\",\"title\":\"hello\"}")).isEqualTo(-1);
        assertThat(SendToScreen.sequenceOf("not json")).isEqualTo(-1);
    }
}

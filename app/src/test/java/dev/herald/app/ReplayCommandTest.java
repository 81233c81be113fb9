package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

    @Test
    void progressLineShowsBarCountsRateAndEta() {
        assertThat(ReplayCommand.line("inbox", 500, 1_000, 2_500, "PT0.2S", false))
                .contains("[###############...............]").contains(" 50%").contains("500/1,000 events")
                .contains("2,500/s").contains("eta PT0.2S");
    }

    @Test
    void finishedReplayShowsAFullBar() {
        assertThat(ReplayCommand.line("inbox", 1_000, 1_000, 0, "", true))
                .contains("[##############################]").contains("100%").endsWith("done");
    }

    @Test
    void missingKeyIsAUsageError() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(new String[] {"replay", "inbox", "--url=http://localhost:1"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("usage: replay");
    }

    @Test
    void unreachableHeraldIsReportedNotThrown() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(new String[] {"replay", "inbox", "--url=http://127.0.0.1:1", "--api-key=k"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("replay failed:");
    }
}

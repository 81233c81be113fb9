package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTheFullSuite() {
        BenchOptions options = BenchOptions.parse();
        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.clients()).isEqualTo(32);
        assertThat(options.recipients()).isEqualTo(10_000);
        assertThat(options.events()).isEqualTo(1_000_000);
        assertThat(options.latencyRate()).isEqualTo(1_000);
        assertThat(options.only()).isEqualTo(BenchOptions.BENCHMARKS);
    }

    @Test
    void quickShortensEverythingButExplicitFlagsWin() {
        BenchOptions options = BenchOptions.parse("--quick", "--duration", "20", "--events=5_000",
                                                  "--herald-jvm-args=-Xmx1g -XX:+UseSerialGC");
        assertThat(options.runs()).isEqualTo(1);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.events()).isEqualTo(5_000);
        assertThat(options.heraldJvmArgs()).containsExactly("-Xmx1g", "-XX:+UseSerialGC");
    }

    @Test
    void scalingMeasuresShorterPhasesUnlessTheDurationIsGiven() {
        assertThat(BenchOptions.parse().scalingDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(BenchOptions.parse("--quick").scalingDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(BenchOptions.parse("--duration=15").scalingDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(BenchOptions.parse("--duration=15").duration()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theResultsNeverShowAMongoPassword() throws Exception {
        BenchOptions options = BenchOptions.parse("--mongo-uri=mongodb://bench:s3cret@db.example:27017/perf");
        assertThat(options.mongoUri()).isEqualTo("mongodb://bench:s3cret@db.example:27017/perf");
        String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(options);
        assertThat(json).doesNotContain("s3cret").contains("mongodb://bench:***@db.example:27017/perf");
    }

    @Test
    void onlyChoosesBenchmarks() {
        assertThat(BenchOptions.parse("--only=throughput,ceilings").only())
                .isEqualTo(Set.of("throughput", "ceilings"));
        assertThat(BenchOptions.parse("--only=scaling").only()).isEqualTo(Set.of("scaling"));
    }

    @Test
    void mistakesAreRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> BenchOptions.parse("--durration=5")).hasMessageContaining("durration");
        assertThatThrownBy(() -> BenchOptions.parse("--only=everything")).hasMessageContaining("everything");
        assertThatThrownBy(() -> BenchOptions.parse("--runs=0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("--clients=many")).hasMessageContaining("--clients");
        assertThatThrownBy(() -> BenchOptions.parse("stray")).hasMessageContaining("stray");
        assertThat(List.of(BenchOptions.USAGE.split("\n"))).allMatch(line -> line.length() <= 120);
    }
}

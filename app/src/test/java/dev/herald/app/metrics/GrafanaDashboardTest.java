package dev.herald.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code grafana/herald-dashboard.json} imports into Grafana and shows only what Herald exports: it matches the
 * dashboard JSON schema beside it, its panel ids are unique, its panels lie on Grafana's 24-column grid without
 * overlapping, and every metric its queries name is in the README's metrics table ({@code MetricsIT} checks that
 * each is in a real scrape).
 */
public class GrafanaDashboardTest {

    static final Path DASHBOARD = repositoryRoot().resolve("grafana/herald-dashboard.json");
    private static final Path SCHEMA = repositoryRoot().resolve("grafana/dashboard.schema.json");
    private static final Path README = repositoryRoot().resolve("README.md");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern DOCUMENTED_SERIES = Pattern.compile("^\\| `(herald_[a-z_]+)`", Pattern.MULTILINE);
    private static final Set<String> PROMQL_WORDS = Set.of(
            "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "histogram_quantile", "label_values",
            "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset", "topk", "bottomk");
    private static final List<String> TIMER_SUFFIXES = List.of("_sum", "_count", "_max", "_bucket");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDashboardMatchesGrafanasDashboardModel() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA));

        List<Error> errors = schema.validate(dashboard());

        assertThat(errors).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatGrafanaCouldNotImport() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA));
        JsonNode broken = dashboard();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken).remove("schemaVersion");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("panels").get(1)).remove("targets");

        assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void panelIdsAreUniqueAndPanelsShareNoCellOfTheGrid() throws IOException {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : dashboard().get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("id %s is unique", panel.get("id")).isTrue();
            JsonNode grid = panel.get("gridPos");
            int x = grid.get("x").asInt();
            int w = grid.get("w").asInt();
            assertThat(x + w).as("panel %s fits in 24 columns", panel.get("title")).isLessThanOrEqualTo(24);
            for (int row = grid.get("y").asInt(); row < grid.get("y").asInt() + grid.get("h").asInt(); row++) {
                for (int column = x; column < x + w; column++) {
                    assertThat(cells.add(row + ":" + column)).as("panel %s overlaps another", panel.get("title"))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyQueryNamesOnlyMetricsHeraldExports() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher rows = DOCUMENTED_SERIES.matcher(Files.readString(README));
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        assertThat(documented).as("the README's metrics table").isNotEmpty();

        Set<String> queried = metricNames(dashboard());
        assertThat(queried).isNotEmpty();
        for (String name : queried) {
            assertThat(documented).as("%s is in the README's metrics table", name).contains(seriesOf(name));
        }
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(DASHBOARD.toFile());
    }

    /** Every metric named by a panel query or a template variable's query. */
    static Set<String> metricNames(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.get("expr").asText()));
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asText());
            }
        }
        Set<String> names = new TreeSet<>();
        expressions.forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    /** The identifiers of a PromQL expression that are neither functions, keywords nor label names. */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ")
                .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", "$1");
        Set<String> names = new TreeSet<>();
        Matcher identifiers = IDENTIFIER.matcher(bare);
        while (identifiers.find()) {
            if (!PROMQL_WORDS.contains(identifiers.group())) {
                names.add(identifiers.group());
            }
        }
        return names;
    }

    /** The series a Prometheus name belongs to: a timer's {@code _sum} and {@code _count} are its own. */
    static String seriesOf(String name) {
        for (String suffix : TIMER_SUFFIXES) {
            if (name.endsWith("_seconds" + suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("grafana"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no grafana directory above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }
}
